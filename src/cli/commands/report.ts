import { Command, Option } from 'commander';
import {
  ReportInputError,
  compareWithBaseline,
  parseFormats,
  readBenchReport,
  readCoverageSummary,
  readScorecard,
  render,
  renderBadge,
  reportFileName,
  writeReports,
  type RenderExtras,
} from '../../report/index.js';
import { docsBaseUrl } from './docs-base.js';

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
  return (
    new Command('report')
      .description('Render a saved audit.json as JSON, Markdown (IMPLEMENTATION_SUMMARY.md) or SARIF 2.1.0.')
      .argument('<audit.json>', 'an audit report written by `safeguard audit --format json`')
      .option('-f, --format <formats>', 'comma-separated formats: json, md, sarif', 'md')
      .option(
        '-o, --out <dir>',
        'write each format to its file in DIR (audit.json, IMPLEMENTATION_SUMMARY.md, audit.sarif)',
      )
      .option('--coverage <file>', "add a test-coverage table from Vitest's coverage-summary.json")
      .addOption(
        new Option('--bench <file>', 'add a performance table from benchmark JSON (repeatable)')
          .argParser((value: string, previous: string[]) => [...previous, value])
          .default([]),
      )
      .option(
        '--baseline <file>',
        'compare with an earlier audit.json: score deltas, new and fixed violations',
      )
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
      .option('--badge', 'also write badge.svg (overall score and gate) into --out')
      .showHelpAfterError('(run `safeguard report --help` for usage)')
      // Usage errors exit 2, like every other bad input; --help and --version exit 0.
      .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
      .action((auditFile: string, flags: ReportFlags) => {
        try {
          process.exitCode = runReport(auditFile, flags);
        } catch (error) {
          // One line, never a stack trace: input errors say what to fix; anything else is reported as a bug.
          const message =
            error instanceof ReportInputError ? error.message : `unexpected error: ${String(error)}`;
          process.stderr.write(`safeguard report: ${message.split('\n')[0]}\n`);
          process.exitCode = 2;
        }
      })
  );
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

  let scorecard = readScorecard(auditFile);
  if (flags.root !== undefined) scorecard = { ...scorecard, root: normaliseRoot(flags.root) };
  if (flags.baseline !== undefined) {
    scorecard = {
      ...scorecard,
      baseline: compareWithBaseline(scorecard, readScorecard(flags.baseline, 'baseline')),
    };
  }
  const extras: RenderExtras = {
    ...(flags.coverage !== undefined ? { coverage: readCoverageSummary(flags.coverage) } : {}),
    ...(flags.bench.length > 0 ? { bench: readBenchReport(flags.bench) } : {}),
  };
  const docsBase = docsBaseUrl(flags.docsBaseUrl ?? flags.docsUrl);
  if (docsBase !== undefined) extras.docsBaseUrl = docsBase;

  if (flags.out === undefined) {
    process.stdout.write(render(formats[0]!, scorecard, extras));
  } else {
    const files = formats.map((format) => ({
      name: reportFileName(format),
      content: render(format, scorecard, extras),
    }));
    if (flags.badge) files.push({ name: 'badge.svg', content: renderBadge(scorecard) });
    for (const written of writeReports(flags.out, files)) process.stderr.write(`wrote ${written}\n`);
  }

  const regressed = scorecard.baseline?.regressed ?? false;
  if (flags.failOnRegression && regressed) {
    const dropped = scorecard
      .baseline!.capabilities.filter((c) => c.delta < 0)
      .map((c) => `${c.id} ${c.delta}`);
    process.stderr.write(`safeguard report: regression against the baseline: ${dropped.join(', ')}\n`);
    return 1;
  }
  return 0;
}

/** A `--root` value as the `/`-separated relative folder reports expect; absolute paths are refused. */
function normaliseRoot(root: string): string {
  const slashed = root.replace(/\\/g, '/').replace(/\/+$/, '');
  if (slashed.startsWith('/') || /^[a-z]:\//i.test(slashed)) {
    throw new ReportInputError(`--root must be relative to the repository root, got ${root}`);
  }
  return slashed === '' ? '.' : slashed.replace(/^\.\//, '');
}
