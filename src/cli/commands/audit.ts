import path from 'node:path';
import { Command, Option } from 'commander';
import { AuditInputError, SeveralServersError } from '../../audit/errors.js';
import type { GateMode, Scorecard } from '../../audit/scorecard.js';
import { DEFAULT_THRESHOLD } from '../../audit/score/score.js';
import { LISTED_FORMATS, REPORT_FORMATS, isReportFormat } from '../../report/formats.js';
import { EXIT, exitCodeOf } from '../exit.js';
import { auditedFolder } from './audited-folder.js';
import { useColour } from './colour.js';
import { docsBaseUrl } from './docs-base.js';
import { listFiles } from './list-files.js';
import { terminalProgress } from './progress.js';
import { repeatable } from './repeatable.js';
import { withRuleSources } from './rule-sources.js';

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

/** At most this many diagnostics are printed; audit.json lists them all. */
const DIAGNOSTICS_SHOWN = 10;

const CONSOLE_FORMATS = LISTED_FORMATS.filter((format) => !isReportFormat(format));

/** `safeguard audit [PATH]`: audit a project, write its reports, print a table, exit 0 (pass), 1 (fail) or 2 (error). */
export function auditCommand(): Command {
  return withRuleSources(
    new Command('audit')
      .description('Audit an MCP server project against the safeguard rules and gate on the scores.')
      .argument('[path]', 'project folder or file to audit', '.'),
  )
    .option('--config <file>', 'config file (default: safeguard.config.yaml in the audited folder)')
    .option(
      '--threshold <n>',
      `default threshold for every capability, 0..100 (default ${DEFAULT_THRESHOLD})`,
    )
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
      `outputs, comma-separated: ${CONSOLE_FORMATS.join(', ')} (the findings on the console), ${REPORT_FORMATS.join(', ')} (files in --out)`,
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
    .option('--bench <file>', 'benchmark JSON shown in the Markdown report (repeatable)', repeatable, [])
    .option(
      '--docs-base-url <url>',
      "base URL or relative prefix for safeguard documentation links (default: this package's repository at its release tag, when package.json names one)",
    )
    .option(
      '--include <glob>',
      'also audit files matching the glob, even tests, examples or build output the defaults leave out (repeatable)',
      repeatable,
      [],
    )
    .option(
      '--exclude <glob>',
      'never audit files matching the glob (repeatable; wins over --include)',
      repeatable,
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
      process.exitCode = await exitCodeOf('audit', () =>
        flags.listFiles
          ? listFiles(target, flags.config, { include: flags.include, exclude: flags.exclude })
          : audit(target, flags),
      );
    });
}

async function audit(target: string, flags: AuditFlags): Promise<number> {
  try {
    return await auditOne(target, flags, flags.package, flags.out);
  } catch (error) {
    if (!(error instanceof SeveralServersError)) throw error;
    // A workspace of several servers: each is audited on its own, its reports in a folder named after it.
    if (!flags.quiet) {
      process.stdout.write(
        `${error.servers.length} MCP server packages: auditing each (--package NAME picks one)\n`,
      );
    }
    let exit: number = EXIT.ok;
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
  const { exceedsMaxFindings, parseAuditOutputs, publish, renderSummaryLine } =
    await import('../../report/index.js');
  const outputs = parseAuditOutputs(flags.format);
  const threshold = flags.threshold === undefined ? undefined : parseThreshold(flags.threshold);
  const maxFindings = flags.maxFindings === undefined ? undefined : parseMaxFindings(flags.maxFindings);
  const progress = flags.quiet ? undefined : terminalProgress(process.stderr);
  let audited: Scorecard;
  try {
    audited = await runAudit({
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
  const colour = useColour(process.stdout, process.env);
  const docsBase = docsBaseUrl(flags.docsBaseUrl);
  const { scorecard, printed, written } = publish(audited, {
    ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
    ...(flags.coverage !== undefined ? { coverage: flags.coverage } : {}),
    bench: flags.bench,
    ...(docsBase !== undefined ? { docsBaseUrl: docsBase } : {}),
    // As ESLint's --quiet: errors only, and a clean, passing run prints nothing.
    terminal: { colour, base: auditedFolder(target, audited), errorsOnly: flags.quiet === true },
    reports: [
      ...outputs.files.map((format) => ({ format, folder: out })),
      ...(outputs.stylish ? [{ format: 'stylish' as const }] : []),
    ],
  });
  const regressed = flags.failOnRegression === true && scorecard.baseline?.regressed === true;
  const failed = scorecard.overall.gate === 'fail' || regressed || exceedsMaxFindings(scorecard, maxFindings);
  const exit = failed ? EXIT.failed : EXIT.ok;

  const summary = renderSummaryLine(scorecard, {
    colour,
    ...(maxFindings !== undefined ? { maxFindings } : {}),
  });
  process.stdout.write(printed.join(''));
  if (flags.quiet) {
    if (exit !== EXIT.ok) process.stdout.write(summary);
  } else {
    process.stdout.write(summary);
    if (written.length > 0) process.stdout.write(`wrote ${written.join(', ')}\n`);
  }
  const shown = flags.quiet ? ['error'] : ['error', 'warning'];
  const diagnostics = scorecard.diagnostics.filter((d) => shown.includes(d.severity));
  for (const d of diagnostics.slice(0, DIAGNOSTICS_SHOWN)) {
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
