import { statSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { AuditInputError, runAudit } from '../audit/index.js';
import type { Scorecard } from '../audit/scorecard.js';
import {
  ReportInputError,
  describeRegression,
  jobSummary,
  publish,
  type ReportFormat,
} from '../report/index.js';
import { violationAnnotations } from './annotations.js';
import { actionDocsBaseUrl } from './docs-base.js';
import { ActionInputError, parseInputs, type ActionInputs } from './inputs.js';

/**
 * The GitHub Action: audit `path`, publish outputs, annotations and a job summary, write SARIF/JSON when asked, and
 * fail the step when the gate fails. Bad input fails the step with the same one-line message the CLI prints.
 */
export async function run(): Promise<void> {
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    // Input paths are relative to the working directory, which the runner sets to the workspace (the checkout).
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const scorecard = writeReports(await audit(inputs, workspace), inputs);
    publishToWorkflow(scorecard, inputs);
    if (inputs.summary && process.env.GITHUB_STEP_SUMMARY) await writeJobSummary(scorecard);
    const failure = gateFailure(scorecard, inputs.failOnRegression);
    if (failure) core.setFailed(failure);
  } catch (error) {
    const known =
      error instanceof ActionInputError ||
      error instanceof AuditInputError ||
      error instanceof ReportInputError;
    const message = error instanceof Error ? error.message : String(error);
    core.setFailed(known ? message : `internal error: ${message.split('\n')[0]}`);
  }
}

async function audit(inputs: ActionInputs, workspace: string): Promise<Scorecard> {
  const scorecard = await runAudit({
    root: inputs.path,
    ruleDirs: inputs.rules,
    bundledRules: inputs.bundledRules,
    ...(inputs.config !== undefined ? { configPath: inputs.config } : {}),
    ...(inputs.threshold !== undefined ? { threshold: inputs.threshold } : {}),
    ...(inputs.failOn !== undefined ? { failOn: inputs.failOn } : {}),
    allowInconclusive: inputs.allowInconclusive,
  });
  const root = repositoryRelative(workspace, path.resolve(inputs.path));
  if (root !== undefined) scorecard.root = root;
  return scorecard;
}

interface ReportFileInput {
  /** The input and output that name the file. */
  output: 'sarif-file' | 'json-file';
  format: ReportFormat;
  file: string;
}

/** The report files the inputs ask for. */
function reportFiles(inputs: ActionInputs): ReportFileInput[] {
  const asked = [
    { output: 'sarif-file', format: 'sarif', file: inputs.sarifFile },
    { output: 'json-file', format: 'json', file: inputs.jsonFile },
  ] as const;
  return asked.filter(
    (input): input is (typeof asked)[number] & { file: string } => input.file !== undefined,
  );
}

/**
 * Compares with the baseline and writes the report files asked for, through the same flow as the CLI; returns the
 * scorecard as published. Files come first: when one cannot be written the step fails with nothing half-published.
 */
function writeReports(audited: Scorecard, inputs: ActionInputs): Scorecard {
  const docsBaseUrl = actionDocsBaseUrl(process.env);
  return publish(audited, {
    ...(inputs.baseline !== undefined ? { baseline: inputs.baseline } : {}),
    ...(docsBaseUrl !== undefined ? { docsBaseUrl } : {}),
    reports: reportFiles(inputs).map(({ format, file }) => ({
      format,
      folder: path.dirname(file),
      name: path.basename(file),
    })),
  }).scorecard;
}

/** Outputs and one annotation per violation. */
function publishToWorkflow(scorecard: Scorecard, inputs: ActionInputs): void {
  core.setOutput('score', scorecard.overall.score);
  core.setOutput('gate', scorecard.overall.gate);
  for (const capability of scorecard.capabilities) core.setOutput(`score-${capability.id}`, capability.score);
  if (scorecard.baseline) core.setOutput('regressed', scorecard.baseline.regressed);
  for (const { output, file } of reportFiles(inputs)) core.setOutput(output, file);

  for (const annotation of violationAnnotations(scorecard)) {
    const properties = {
      title: annotation.title,
      file: annotation.file,
      startLine: annotation.startLine,
      startColumn: annotation.startColumn,
    };
    if (annotation.level === 'error') core.error(annotation.message, properties);
    else if (annotation.level === 'warning') core.warning(annotation.message, properties);
    else core.notice(annotation.message, properties);
  }
}

async function writeJobSummary(scorecard: Scorecard): Promise<void> {
  const summary = jobSummary(scorecard);
  core.summary
    .addHeading(summary.heading, 2)
    .addRaw(`<p>${summary.headline}</p>`, true)
    .addTable(summary.table);
  if (summary.inconclusive) core.summary.addRaw(`<p>${summary.inconclusive}</p>`, true);
  if (summary.baseline) core.summary.addRaw(`<p>${summary.baseline}</p>`, true);
  await core.summary.write();
}

/** Why the step fails, in one line, or undefined when it passes. */
function gateFailure(scorecard: Scorecard, failOnRegression: boolean): string | undefined {
  const { overall } = scorecard;
  if (overall.gate === 'fail') {
    // Name only what failed the gate: an inconclusive capability that was allowed did not, and in average mode
    // the mean fails it only when it is below the threshold (an inconclusive capability alone can fail it too).
    const inconclusive = overall.allowInconclusive
      ? []
      : scorecard.capabilities.filter((c) => c.status === 'inconclusive');
    const failed = scorecard.capabilities
      .filter(
        (c) =>
          inconclusive.includes(c) ||
          (overall.gateMode !== 'average' && c.score !== null && c.score < c.threshold),
      )
      .map((c) => (c.score === null ? `${c.id} inconclusive` : `${c.id} ${c.score}% < ${c.threshold}%`));
    if (overall.gateMode === 'average' && overall.score < scorecard.threshold) {
      failed.unshift(`average ${overall.score}% < ${scorecard.threshold}%`);
    }
    return `safeguard gate failed (${overall.gateMode}): ${failed.join(', ')}`;
  }
  const regression = describeRegression(scorecard.baseline);
  return failOnRegression && regression !== undefined ? `safeguard ${regression}` : undefined;
}

/** The audited folder relative to the workspace (`/`-separated), or undefined when it lies outside it. */
function repositoryRelative(workspace: string, target: string): string | undefined {
  const folder = statSync(target, { throwIfNoEntry: false })?.isFile() ? path.dirname(target) : target;
  const relative = path.relative(workspace, folder);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}
