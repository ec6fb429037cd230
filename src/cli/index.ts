#!/usr/bin/env node
/** The `safeguard` command: one subcommand per file in ./commands. */
import { Command } from 'commander';
import { usageErrorsExitTwo } from './exit.js';
import { toolVersion } from './version.js';

/**
 * Each command module pulls in a heavy part of the package (the analyzer, the runtime, the renderers), so only the
 * module of the command being run is loaded; the top-level help loads them all to list them.
 */
const commands: Record<string, () => Promise<Command>> = {
  audit: async () => (await import('./commands/audit.js')).auditCommand(),
  rules: async () => (await import('./commands/rules.js')).rulesCommand(),
  report: async () => (await import('./commands/report.js')).reportCommand(),
  serve: async () => (await import('./commands/serve.js')).serveCommand(),
  keys: async () => (await import('./commands/keys.js')).keysCommand(),
};

const program = new Command('safeguard')
  .description(
    'Audit Model Context Protocol servers against safeguard rules, and serve the reference MCP runtime.',
  )
  .version(toolVersion())
  .showHelpAfterError();

const requested = process.argv[2];
const versionOnly = requested === '--version' || requested === '-V';
// Object.hasOwn, not `in`: `constructor`, `toString` or `__proto__` are inherited keys of the table, not commands,
// and must reach Commander as unknown commands (exit 2), not be called as command loaders.
const selected =
  requested !== undefined && Object.hasOwn(commands, requested)
    ? [requested]
    : versionOnly
      ? []
      : Object.keys(commands);
for (const name of selected) program.addCommand(await commands[name]!());
// Set here, once, for the program and every command under it: a usage error exits 2 wherever it is made.
usageErrorsExitTwo(program);

await program.parseAsync(process.argv);
