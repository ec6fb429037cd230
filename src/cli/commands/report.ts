import { Command } from 'commander';
import {
  REPORT_FORMATS,
  ReportInputError,
  describeRegression,
  parseFormats,
  publish,
  readScorecard,
  reportFileName,
  type ReportRequest,
} from '../../report/index.js';
import { EXIT, exitCodeOf } from '../exit.js';
import { docsBaseUrl } from './docs-base.js';
import { repeatable } from './repeatable.js';

interface ReportFlags {
  format: string;
  out?: string;
  coverage?: string;
  bench: string[];
  baseline?: string;
  failOnRegression?: boolean;
  docsUrl?: string;
  docsBaseUrl?: string;
  root?: string;
  badge?: boolean;
}

/** `safeguard report <audit.json>`: re-render a saved audit in any format, optionally against a baseline. */
export function reportCommand(): Command {
  return new Command('report')
    .description('Render a saved audit.json as JSON, Markdown (IMPLEMENTATION_SUMMARY.md) or SARIF 2.1.0.')
    .argument('<audit.json>', 'an audit report written by `safeguard audit --format json`')
    .option('-f, --format <formats>', `comma-separated formats: ${REPORT_FORMATS.join(', ')}`, 'md')
    .option(
      '-o, --out <dir>',
      `write each format to its file in DIR (${REPORT_FORMATS.map(reportFileName).join(', ')})`,
    )
    .option('--coverage <file>', "add a test-coverage table from Vitest's coverage-summary.json")
    .option('--bench <file>', 'add a performance table from benchmark JSON (repeatable)', repeatable, [])
    .option('--baseline <file>', 'compare with an earlier audit.json: score deltas, new and fixed violations')
    .option('--fail-on-regression', 'exit 1 when any capability score dropped against --baseline')
    .option(
      '--docs-base-url <url>',
      "base that docs anchors are resolved against (absolute URL, or a prefix like ../); default: this package's repository at its release tag, when package.json names one",
    )
    .option('--docs-url <url>', 'the same as --docs-base-url (its earlier name)')
    .option(
      '--root <dir>',
      "the audited folder relative to the repository root, for SARIF paths (default: the report's)",
    )
    .option('--badge', `also write ${reportFileName('badge')} (overall score and gate) into --out`)
    .showHelpAfterError('(run `safeguard report --help` for usage)')
    .action(async (auditFile: string, flags: ReportFlags) => {
      process.exitCode = await exitCodeOf('report', () => runReport(auditFile, flags));
    });
}

/** Read, compare, render and write; returns the exit code (1 only for a regression under --fail-on-regression). */
function runReport(auditFile: string, flags: ReportFlags): number {
  const formats = parseFormats(flags.format);
  if (flags.out === undefined && formats.length > 1) {
    throw new ReportInputError('several formats need --out DIR (stdout takes one format)');
  }
  if (flags.badge && flags.out === undefined) throw new ReportInputError('--badge needs --out DIR');
  if (flags.failOnRegression && flags.baseline === undefined) {
    throw new ReportInputError('--fail-on-regression needs --baseline FILE');
  }

  let saved = readScorecard(auditFile);
  if (flags.root !== undefined) saved = { ...saved, root: normaliseRoot(flags.root) };
  const out = flags.out;
  const docsBase = docsBaseUrl(flags.docsBaseUrl ?? flags.docsUrl);
  const reports: ReportRequest[] =
    out === undefined
      ? [{ format: formats[0]! }]
      : [...formats, ...(flags.badge ? (['badge'] as const) : [])].map((format) => ({ format, folder: out }));
  const { scorecard, printed, written } = publish(saved, {
    ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
    ...(flags.coverage !== undefined ? { coverage: flags.coverage } : {}),
    bench: flags.bench,
    ...(docsBase !== undefined ? { docsBaseUrl: docsBase } : {}),
    reports,
  });
  process.stdout.write(printed.join(''));
  for (const path of written) process.stderr.write(`wrote ${path}\n`);

  const regression = describeRegression(scorecard.baseline);
  if (flags.failOnRegression && regression !== undefined) {
    process.stderr.write(`safeguard report: ${regression}\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** A `--root` value as the `/`-separated relative folder reports expect; absolute paths are refused. */
function normaliseRoot(root: string): string {
  const slashed = root.replace(/\\/g, '/').replace(/\/+$/, '');
  if (slashed.startsWith('/') || /^[a-z]:\//i.test(slashed)) {
    throw new ReportInputError(`--root must be relative to the repository root, got ${root}`);
  }
  return slashed === '' ? '.' : slashed.replace(/^\.\//, '');
}
