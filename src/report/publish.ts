import type { Scorecard } from '../audit/scorecard.js';
import { compareWithBaseline } from './baseline.js';
import { readBenchReport } from './bench.js';
import { readCoverageSummary } from './coverage.js';
import {
  FORMATS,
  reportFileName,
  type OutputFormat,
  type RenderContext,
  type ReportFormat,
} from './formats.js';
import { readScorecard } from './read-scorecard.js';
import type { StylishOptions } from './stylish.js';
import { writeReports } from './write-report.js';

/** What to publish a scorecard with: the files to read, and the reports to produce from it. */
export interface PublishRequest {
  /** An earlier audit.json; the comparison with it is added to the scorecard before anything is rendered. */
  baseline?: string;
  /** Vitest's coverage-summary.json, shown in the Markdown report. */
  coverage?: string;
  /** Benchmark JSON files, shown in the Markdown report. */
  bench?: readonly string[];
  /** Base for safeguard docs links in Markdown and SARIF. */
  docsBaseUrl?: string;
  /** How the console format shows the findings. */
  terminal?: StylishOptions;
  reports: readonly ReportRequest[];
}

/**
 * One report: written into `folder`, under `name` or else its format's conventional file name, or, without a folder,
 * rendered and handed back to be printed.
 */
export type ReportRequest =
  { format: OutputFormat; folder?: undefined } | { format: ReportFormat; folder: string; name?: string };

/** What was published. */
export interface Publication {
  /** The scorecard the reports show: the audited one, with its baseline comparison when a baseline was given. */
  scorecard: Scorecard;
  /** The text of each report asked for without a folder, in the order asked. */
  printed: string[];
  /** The path of each file written. */
  written: string[];
}

/**
 * The one publish flow of the CLI and the Action: compare with the baseline, read the measured extras, render every
 * report, then write each folder's reports all or none (writeReports). An input that cannot be read or a report
 * that cannot be written is a one-line ReportInputError; inputs are read before anything is written.
 */
export function publish(audited: Scorecard, request: PublishRequest): Publication {
  const scorecard: Scorecard =
    request.baseline === undefined
      ? audited
      : { ...audited, baseline: compareWithBaseline(audited, readScorecard(request.baseline, 'baseline')) };
  const context: RenderContext = {
    ...(request.coverage !== undefined ? { coverage: readCoverageSummary(request.coverage) } : {}),
    ...(request.bench !== undefined && request.bench.length > 0
      ? { bench: readBenchReport(request.bench) }
      : {}),
    ...(request.docsBaseUrl !== undefined ? { docsBaseUrl: request.docsBaseUrl } : {}),
    ...(request.terminal !== undefined ? { terminal: request.terminal } : {}),
  };

  const printed: string[] = [];
  // Folder -> file name -> text; a file named twice is written once, with the later report (as a second write would).
  const folders = new Map<string, Map<string, string>>();
  for (const report of request.reports) {
    const content = FORMATS[report.format].render(scorecard, context);
    if (report.folder === undefined) {
      printed.push(content);
      continue;
    }
    const files = folders.get(report.folder) ?? new Map<string, string>();
    files.set(report.name ?? reportFileName(report.format), content);
    folders.set(report.folder, files);
  }
  const written = [...folders].flatMap(([folder, files]) =>
    writeReports(
      folder,
      [...files].map(([name, content]) => ({ name, content })),
    ),
  );
  return { scorecard, printed, written };
}
