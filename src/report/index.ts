/**
 * Reports: every format is rendered from one Scorecard (audit.json is its serialisation).
 * json (canonical, sorted keys) · md (IMPLEMENTATION_SUMMARY.md, handlebars) · sarif (SARIF 2.1.0) · badge (SVG).
 */
import type { Scorecard } from '../audit/scorecard.js';
import type { BenchReport } from './bench.js';
import { canonicalJson } from './canonical-json.js';
import type { CoverageSummary } from './coverage.js';
import { ReportInputError } from './errors.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

export type ReportFormat = 'json' | 'md' | 'sarif';

/** Every format, in the order `--format` lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'md', 'sarif'];

/** Measured data a report may include, and how it links to documentation. */
export interface RenderExtras {
  coverage?: CoverageSummary;
  bench?: BenchReport;
  /** Base for safeguard docs links: an absolute URL (also used for SARIF `helpUri`) or a relative prefix (`../`). */
  docsBaseUrl?: string;
}

/** Render a scorecard in one format; the same input gives the same bytes. */
export function render(format: ReportFormat, scorecard: Scorecard, extras: RenderExtras = {}): string {
  switch (format) {
    case 'json':
      return canonicalJson(scorecard);
    case 'md':
      return renderMarkdown(scorecard, extras);
    case 'sarif':
      return renderSarif(scorecard, extras);
    default:
      throw new ReportInputError(`unknown report format ${JSON.stringify(format)}; use json, md or sarif`);
  }
}

/** The conventional file name of a format: audit.json, IMPLEMENTATION_SUMMARY.md, audit.sarif. */
export function reportFileName(format: ReportFormat): string {
  switch (format) {
    case 'json':
      return 'audit.json';
    case 'md':
      return 'IMPLEMENTATION_SUMMARY.md';
    case 'sarif':
      return 'audit.sarif';
    default:
      throw new ReportInputError(`unknown report format ${JSON.stringify(format)}; use json, md or sarif`);
  }
}

/** What `safeguard audit --format` asks for: the console's finding list (`stylish`) and the report files. */
export interface AuditOutputs {
  stylish: boolean;
  files: ReportFormat[];
}

/**
 * Parse `safeguard audit --format` (`stylish,json,md`): `stylish` is the finding list on the console, the others are
 * files; a list without `stylish` leaves only the summary line on the console, as ESLint's `--format` replaces its
 * default output.
 */
export function parseAuditOutputs(value: string): AuditOutputs {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.find(
    (name) => name !== 'stylish' && !(REPORT_FORMATS as readonly string[]).includes(name),
  );
  if (names.length === 0 || unknown !== undefined) {
    const what =
      unknown === undefined ? 'no output format given' : `unknown format ${JSON.stringify(unknown)}`;
    throw new ReportInputError(`${what}; use stylish, json, md or sarif`);
  }
  const files = names.filter((name) => name !== 'stylish');
  return { stylish: names.includes('stylish'), files: [...new Set(files)] as ReportFormat[] };
}

/** Parse a comma-separated `--format` value (`json,md`), rejecting unknown names with a one-line error. */
export function parseFormats(value: string): ReportFormat[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new ReportInputError('no report format given; use json, md or sarif');
  for (const name of names) {
    if (!(REPORT_FORMATS as readonly string[]).includes(name)) {
      throw new ReportInputError(`unknown report format ${JSON.stringify(name)}; use json, md or sarif`);
    }
  }
  return [...new Set(names)] as ReportFormat[];
}

export { compareWithBaseline } from './baseline.js';
export { renderBadge } from './badge.js';
export { readBenchReport, type BenchReport, type BenchRun, type BenchMetric } from './bench.js';
export {
  readCoverageSummary,
  type CoverageSummary,
  type CoverageRow,
  type CoverageCount,
} from './coverage.js';
export { ReportInputError } from './errors.js';
export { jobSummary, type JobSummary, type SummaryCell } from './job-summary.js';
export { readScorecard, parseScorecard } from './read-scorecard.js';
export { renderScoreTable } from './score-table.js';
export { renderStylish, type StylishOptions } from './stylish.js';
export { exceedsMaxFindings, renderSummaryLine, type SummaryLineOptions } from './summary-line.js';
export { writeReport, writeReports, type ReportFile } from './write-report.js';
