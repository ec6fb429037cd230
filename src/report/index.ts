/**
 * Reports: every format is rendered from one Scorecard (audit.json is its serialisation). The formats and their
 * files are listed once, in formats.ts; publish.ts is the one flow from a scorecard to the written reports.
 */
export { compareWithBaseline, describeRegression } from './baseline.js';
export { renderBadge } from './badge.js';
export { readBenchReport, type BenchReport, type BenchRun, type BenchMetric } from './bench.js';
export {
  readCoverageSummary,
  type CoverageSummary,
  type CoverageRow,
  type CoverageCount,
} from './coverage.js';
export { ReportInputError } from './errors.js';
export { parseAuditOutputs, parseFormats, type AuditOutputs } from './format-list.js';
export {
  FORMATS,
  REPORT_FORMATS,
  render,
  reportFileName,
  type OutputFormat,
  type RenderExtras,
  type ReportFormat,
} from './formats.js';
export { jobSummary, type JobSummary, type SummaryCell } from './job-summary.js';
export { publish, type Publication, type PublishRequest, type ReportRequest } from './publish.js';
export { readScorecard, parseScorecard } from './read-scorecard.js';
export { renderScoreTable } from './score-table.js';
export { renderStylish, type StylishOptions } from './stylish.js';
export { exceedsMaxFindings, renderSummaryLine, type SummaryLineOptions } from './summary-line.js';
export { writeReports, type ReportFile } from './write-report.js';
