import type { Scorecard } from '../audit/scorecard.js';
import { renderBadge } from './badge.js';
import type { BenchReport } from './bench.js';
import { canonicalJson } from './canonical-json.js';
import type { CoverageSummary } from './coverage.js';
import { ReportInputError } from './errors.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderScoreTable } from './score-table.js';
import { renderStylish, type StylishOptions } from './stylish.js';

/** Measured data a report may include, and how it links to documentation. */
export interface RenderExtras {
  coverage?: CoverageSummary;
  bench?: BenchReport;
  /** Base for safeguard docs links: an absolute URL (also used for SARIF `helpUri`) or a relative prefix (`../`). */
  docsBaseUrl?: string;
}

/** Everything a format may use besides the scorecard: the extras for the files, the terminal for the console. */
export interface RenderContext extends RenderExtras {
  /** How the console format shows the findings; without it, no colour and paths as the scorecard has them. */
  terminal?: StylishOptions;
}

/** One output of an audit: how a scorecard is rendered for it, and the file it goes to. */
export interface Format {
  /** Its conventional file name in a report folder; a format without one is printed on the console. */
  readonly file?: string;
  /** False for an output asked for with an option of its own (`--badge`) instead of by name in `--format`. */
  readonly listed?: false;
  readonly render: (scorecard: Scorecard, context: RenderContext) => string;
}

/**
 * Every output format, in the order `--format` lists them: the only list of formats there is. Adding one here makes
 * it a choice of `safeguard audit --format` and, when it has a file, of `safeguard report --format`.
 */
export const FORMATS = {
  // As ESLint's default formatter: the findings by file, then the capability table, which --quiet leaves out.
  stylish: {
    render: (scorecard, { terminal = { colour: false } }) =>
      renderStylish(scorecard, terminal) +
      (terminal.errorsOnly ? '' : renderScoreTable(scorecard, terminal.colour)),
  },
  json: { file: 'audit.json', render: (scorecard) => canonicalJson(scorecard) },
  md: { file: 'IMPLEMENTATION_SUMMARY.md', render: (scorecard, extras) => renderMarkdown(scorecard, extras) },
  sarif: { file: 'audit.sarif', render: (scorecard, extras) => renderSarif(scorecard, extras) },
  badge: { file: 'badge.svg', listed: false, render: (scorecard) => renderBadge(scorecard) },
} as const satisfies Record<string, Format>;

/** Any output: the console's and the files'. */
export type OutputFormat = keyof typeof FORMATS;

/** An output written to a file (audit.json, IMPLEMENTATION_SUMMARY.md, ...). */
export type ReportFormat = {
  [F in OutputFormat]: (typeof FORMATS)[F] extends { file: string } ? F : never;
}[OutputFormat];

const OUTPUT_FORMATS = Object.keys(FORMATS) as OutputFormat[];

/** The formats `safeguard audit --format` may name, in the order its help lists them. */
export const LISTED_FORMATS: readonly OutputFormat[] = OUTPUT_FORMATS.filter(
  (format) => (FORMATS[format] as Format).listed !== false,
);

/** The file formats `safeguard report --format` may name. */
export const REPORT_FORMATS: readonly ReportFormat[] = LISTED_FORMATS.filter(isReportFormat);

/** Whether a format is written to a file rather than printed. */
export function isReportFormat(format: OutputFormat): format is ReportFormat {
  return (FORMATS[format] as Format).file !== undefined;
}

/** Render a scorecard in one file format; the same input gives the same bytes. */
export function render(format: ReportFormat, scorecard: Scorecard, extras: RenderExtras = {}): string {
  return reportFormat(format).render(scorecard, extras);
}

/** The conventional file name of a format: audit.json, IMPLEMENTATION_SUMMARY.md, audit.sarif, badge.svg. */
export function reportFileName(format: ReportFormat): string {
  return reportFormat(format).file;
}

// A name from outside the type system (a cast, a JavaScript caller) is refused as bad input, not a crash.
function reportFormat(format: ReportFormat): Format & { file: string } {
  if (!Object.hasOwn(FORMATS, format) || !isReportFormat(format)) {
    throw new ReportInputError(
      `unknown report format ${JSON.stringify(format)}; use ${choices(REPORT_FORMATS)}`,
    );
  }
  return FORMATS[format];
}

/** A list of format names as the error messages offer them: `json, md or sarif`. */
export function choices(formats: readonly OutputFormat[]): string {
  return formats.length < 2
    ? formats.join('')
    : `${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]}`;
}
