import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { AuditInputError } from '../../audit/errors.js';
import type { GateMode, Scorecard } from '../../audit/scorecard.js';
import { ReportInputError } from '../../report/errors.js';
import type { RenderExtras } from '../../report/index.js';
import { auditedFolder } from './audited-folder.js';
import { useColour } from './colour.js';
import { docsBaseUrl } from './docs-base.js';
import { listFiles } from './list-files.js';
import { terminalProgress } from './progress.js';

interface AuditFlags {
  rules: string[];
  bundledRules: boolean;
  config?: string;
  threshold?: string;
  failOn?: GateMode;
  allowInconclusive?: boolean;
  format: string;
  out: string;
  quiet?: boolean;
  maxFindings?: string;
  baseline?: string;
  failOnRegression?: boolean;
  coverage?: string;
  bench: string[];
  docsBaseUrl?: string;
  include: string[];
  exclude: string[];
  listFiles?: boolean;
  package?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `safeguard audit [PATH]`: audit a project, write its reports, print a table, exit 0 (pass), 1 (fail) or 2 (error). */
export function auditCommand(): Command {
  return usageErrorsExitTwo(
    new Command('audit')
      .description('Audit an MCP server project against the safeguard rules and gate on the scores.')
      .argument('[path]', 'project folder or file to audit', '.')
      .option('--rules <dir>', 'an extra rule directory (repeatable)', collect, [])
      .option('--no-bundled-rules', 'do not load the rules shipped with the tool')
      .option('--config <file>', 'config file (default: safeguard.config.yaml in the audited folder)')
      .option('--threshold <n>', 'default threshold for every capability, 0..100 (default 70)')
      .addOption(
        new Option('--fail-on <mode>', 'what fails the gate (default capability)').choices([
          'capability',
          'average',
          'none',
        ]),
      )
      .option(
        '--allow-inconclusive',
        'pass the gate although a capability is inconclusive (files that could hold its evidence were not analysed)',
      )
      .option(
        '--format <list>',
        'outputs, comma-separated: stylish (the findings on the console), json, md, sarif (files in --out)',
        'stylish,json,md',
      )
      .option('--out <dir>', 'folder for the reports', 'reports')
      .option(
        '--quiet',
        'report errors only: error findings, error diagnostics and the summary line when the exit is not 0',
      )
      .option(
        '--max-findings <n>',
        'exit 1 when more than N findings (errors and warnings) are reported, whatever the scores',
      )
      .option('--baseline <file>', 'an earlier audit.json to compare with')
      .option('--fail-on-regression', 'exit 1 when a capability score fell below the baseline')
      .option('--coverage <file>', "Vitest's coverage-summary.json, shown in the Markdown report")
      .option('--bench <file>', 'benchmark JSON shown in the Markdown report (repeatable)', collect, [])
      .option(
        '--docs-base-url <url>',
        "base URL or relative prefix for safeguard documentation links (default: this package's repository at its release tag, when package.json names one)",
      )
      .option(
        '--include <glob>',
        'also audit files matching the glob, even tests, examples or build output the defaults leave out (repeatable)',
        collect,
        [],
      )
      .option(
        '--exclude <glob>',
        'never audit files matching the glob (repeatable; wins over --include)',
        collect,
        [],
      )
      .option(
        '--package <name>',
        'in a workspace of several MCP servers, audit only this package (name or folder)',
      )
      .option(
        '--list-files',
        'print the files that would be audited and those left out (with the reason); no report',
      )
      .action(async (target: string, flags: AuditFlags) => {
        process.exitCode = await reportingErrors('audit', () =>
          flags.listFiles
            ? listFiles(target, flags.config, { include: flags.include, exclude: flags.exclude })
            : audit(target, flags),
        );
      }),
  );
}

/** Exit code when the target holds no MCP server: nothing was scored (docs/cli.md). */
export const EXIT_NO_SERVER = 3;

async function audit(target: string, flags: AuditFlags): Promise<number> {
  const { NoServerFoundError, SeveralServersError } = await import('../../audit/index.js');
  try {
    return await auditOne(target, flags, flags.package, flags.out);
  } catch (error) {
    if (error instanceof NoServerFoundError) {
      process.stderr.write(`safeguard audit: ${error.message}\n`);
      return EXIT_NO_SERVER;
    }
    if (!(error instanceof SeveralServersError)) throw error;
    // A workspace of several servers: each is audited on its own, its reports in a folder named after it.
    if (!flags.quiet) {
      process.stdout.write(
        `${error.servers.length} MCP server packages: auditing each (--package NAME picks one)\n`,
      );
    }
    let exit = 0;
    for (const server of error.servers) {
      const out = path.join(flags.out, folderNameOf(server.name));
      if (!flags.quiet) process.stdout.write(`\n== ${server.name} (${server.relative})\n`);
      exit = Math.max(exit, await auditOne(target, flags, server.relative, out));
    }
    return exit;
  }
}

// A package name as a folder name: `@scope/name` becomes `scope-name`.
function folderNameOf(name: string): string {
  return name.replace(/^@/, '').replace(/[^A-Za-z0-9._-]+/g, '-');
}

async function auditOne(
  target: string,
  flags: AuditFlags,
  pkg: string | undefined,
  out: string,
): Promise<number> {
  // Loaded on use: the engine pulls in the TypeScript compiler, which `safeguard serve` must not pay for.
  const { runAudit } = await import('../../audit/index.js');
  const {
    compareWithBaseline,
    exceedsMaxFindings,
    parseAuditOutputs,
    readBenchReport,
    readCoverageSummary,
    readScorecard,
    render,
    renderScoreTable,
    renderStylish,
    renderSummaryLine,
    reportFileName,
    writeReports,
  } = await import('../../report/index.js');
  const outputs = parseAuditOutputs(flags.format);
  const threshold = flags.threshold === undefined ? undefined : parseThreshold(flags.threshold);
  const maxFindings = flags.maxFindings === undefined ? undefined : parseMaxFindings(flags.maxFindings);
  const progress = flags.quiet ? undefined : terminalProgress(process.stderr);
  let scorecard: Scorecard;
  try {
    scorecard = await runAudit({
      root: target,
      ruleDirs: flags.rules,
      bundledRules: flags.bundledRules,
      include: flags.include,
      exclude: flags.exclude,
      ...(flags.config !== undefined ? { configPath: flags.config } : {}),
      ...(threshold !== undefined ? { threshold } : {}),
      ...(flags.failOn !== undefined ? { failOn: flags.failOn } : {}),
      ...(flags.allowInconclusive ? { allowInconclusive: true } : {}),
      ...(pkg !== undefined ? { package: pkg } : {}),
      ...(progress ? { onProgress: progress.show } : {}),
    });
  } finally {
    progress?.clear();
  }
  if (flags.baseline !== undefined) {
    scorecard.baseline = compareWithBaseline(scorecard, readScorecard(flags.baseline, 'baseline'));
  }
  const docsBase = docsBaseUrl(flags.docsBaseUrl);
  const extras: RenderExtras = {
    ...(flags.coverage !== undefined ? { coverage: readCoverageSummary(flags.coverage) } : {}),
    ...(flags.bench.length > 0 ? { bench: readBenchReport(flags.bench) } : {}),
    ...(docsBase !== undefined ? { docsBaseUrl: docsBase } : {}),
  };
  const written = writeReports(
    out,
    outputs.files.map((format) => ({
      name: reportFileName(format),
      content: render(format, scorecard, extras),
    })),
  );
  const regressed = flags.failOnRegression === true && scorecard.baseline?.regressed === true;
  const exit =
    scorecard.overall.gate === 'fail' || regressed || exceedsMaxFindings(scorecard, maxFindings) ? 1 : 0;

  const colour = useColour(process.stdout, process.env);
  const base = auditedFolder(target, scorecard);
  const summary = renderSummaryLine(scorecard, {
    colour,
    ...(maxFindings !== undefined ? { maxFindings } : {}),
  });
  if (flags.quiet) {
    // As ESLint's --quiet: errors only, and a clean, passing run prints nothing.
    if (outputs.stylish) process.stdout.write(renderStylish(scorecard, { colour, base, errorsOnly: true }));
    if (exit !== 0) process.stdout.write(summary);
  } else {
    if (outputs.stylish) {
      process.stdout.write(renderStylish(scorecard, { colour, base }));
      process.stdout.write(renderScoreTable(scorecard, colour));
    }
    process.stdout.write(summary);
    if (written.length > 0) process.stdout.write(`wrote ${written.join(', ')}\n`);
  }
  const shown = flags.quiet ? ['error'] : ['error', 'warning'];
  for (const d of scorecard.diagnostics.filter((d) => shown.includes(d.severity)).slice(0, 10)) {
    const place = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
    process.stderr.write(`${d.severity}: ${place}${d.code}: ${d.message}\n`);
  }
  return exit;
}

function parseThreshold(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 100) {
    throw new AuditInputError(`--threshold must be an integer from 0 to 100, got '${text}'`);
  }
  return Number(text);
}

function parseMaxFindings(text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new AuditInputError(`--max-findings must be a whole number, 0 or more, got '${text}'`);
  }
  return Number(text);
}

/**
 * Runs a command body and maps failures to exit codes: input, config and rule errors print one line and give 2;
 * anything else is an internal error, also 2, with the stack only when SAFEGUARD_DEBUG is set.
 */
export async function reportingErrors(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof AuditInputError || error instanceof ReportInputError) {
      process.stderr.write(`safeguard ${command}: ${error.message}\n`);
    } else {
      const detail = process.env.SAFEGUARD_DEBUG
        ? ((error as Error).stack ?? String(error))
        : (error as Error).message;
      process.stderr.write(`safeguard ${command}: internal error: ${detail}\n`);
    }
    return 2;
  }
}

/** Commander exits 1 on a usage error; our contract is 2 (help and version stay 0). */
export function usageErrorsExitTwo(command: Command): Command {
  const handler = (error: CommanderError): never => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  };
  command.exitOverride(handler);
  for (const sub of command.commands) usageErrorsExitTwo(sub);
  return command;
}
