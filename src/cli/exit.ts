import type { Command, CommanderError } from 'commander';
import { AuditInputError, NoServerFoundError } from '../audit/errors.js';
import { ReportInputError } from '../report/errors.js';

/** The exit codes of every command, as docs/cli.md lists them. */
export const EXIT = {
  /** Done; for `audit`, the gate passed; for `rules test`, every fixture agreed. */
  ok: 0,
  /** The gate failed, a regression under --fail-on-regression, too many findings; a fixture disagreed. */
  failed: 1,
  /** Usage, config, rule or input error, or a report that cannot be written. */
  error: 2,
  /** `audit` only: the target holds no MCP server, so nothing was scored. */
  noServer: 3,
} as const;

/** A bad value a command checks itself (`keys hash` with nothing on stdin): one line on stderr, exit 2. */
export class CommandInputError extends Error {
  override readonly name = 'CommandInputError';
}

/**
 * Runs a command's body and maps what it throws to an exit code, the same for every command: an input, config or
 * rule error prints `safeguard <command>: <message>`, one line per problem, and gives 2, a target without an MCP
 * server gives 3, and anything else is an internal error, also 2, its stack shown only when SAFEGUARD_DEBUG is set.
 */
export async function exitCodeOf(command: string, body: () => number | Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const known =
      error instanceof AuditInputError ||
      error instanceof ReportInputError ||
      error instanceof CommandInputError ||
      error instanceof NoServerFoundError;
    // A rule or config file with several problems lists one per line; each line is printed as its own message.
    const lines = known
      ? error.message.split('\n')
      : [
          `internal error: ${process.env.SAFEGUARD_DEBUG ? ((error as Error).stack ?? String(error)) : (error as Error).message}`,
        ];
    for (const line of lines) process.stderr.write(`safeguard ${command}: ${line}\n`);
    return error instanceof NoServerFoundError ? EXIT.noServer : EXIT.error;
  }
}

/** Commander exits 1 on a usage error; ours is 2, for a command and all its subcommands (help and version stay 0). */
export function usageErrorsExitTwo(command: Command): Command {
  command.exitOverride((error: CommanderError): never =>
    process.exit(error.exitCode === EXIT.ok ? EXIT.ok : EXIT.error),
  );
  for (const sub of command.commands) usageErrorsExitTwo(sub);
  return command;
}
