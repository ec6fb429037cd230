import { readFileSync } from 'node:fs';
import { SCORECARD_SCHEMA_VERSION, type Scorecard } from '../audit/scorecard.js';
import { ReportInputError, describeFsError } from './errors.js';

/**
 * Read a saved audit.json. Any problem (missing file, bad JSON, another schema version, a shape that is not a
 * Scorecard) becomes a one-line ReportInputError naming the file; `role` says which input it was ("audit report",
 * "baseline").
 */
export function readScorecard(path: string, role = 'audit report'): Scorecard {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReportInputError(`cannot read ${role} ${path}: ${describeFsError(error)}`);
  }
  return parseScorecard(text, `${role} ${path}`);
}

/** Parse audit.json text; `source` names it in error messages. */
export function parseScorecard(text: string, source: string): Scorecard {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'invalid JSON';
    throw new ReportInputError(`${source} is not valid JSON: ${reason}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ReportInputError(`${source} is not an audit report: expected a JSON object`);
  }
  const record = value as Record<string, unknown>;
  if (!READABLE_SCHEMA_VERSIONS.includes(record.schemaVersion as number)) {
    throw new ReportInputError(
      `${source} has schemaVersion ${JSON.stringify(record.schemaVersion ?? null)}; ` +
        `this tool reads schemaVersion ${READABLE_SCHEMA_VERSIONS.join(' or ')}`,
    );
  }
  const problem = shapeProblem(record);
  if (problem) throw new ReportInputError(`${source} is not an audit report: ${problem}`);
  // Schema 3 only added the optional `finding` of violations (the renderers default it), so a report of schema 2
  // reads as one of schema 3: a baseline saved before the upgrade still compares.
  return { ...(value as Scorecard), schemaVersion: SCORECARD_SCHEMA_VERSION };
}

/** The schema versions read: the current one and 2, whose reports lack only the optional `finding`. */
const READABLE_SCHEMA_VERSIONS: readonly number[] = [2, SCORECARD_SCHEMA_VERSION];

/** The first structural problem that would make the renderers fail, or undefined. Kept to what renderers read. */
function shapeProblem(record: Record<string, unknown>): string | undefined {
  if (!isObject(record.tool)) return 'missing "tool"';
  if (!isObject(record.overall)) return 'missing "overall"';
  if (!isObject(record.fingerprint)) return 'missing "fingerprint"';
  if (!isObject(record.files)) return 'missing "files"';
  if (!Array.isArray(record.suppressions)) return '"suppressions" is not an array';
  if (!Array.isArray(record.diagnostics)) return '"diagnostics" is not an array';
  const overall = record.overall;
  for (const key of ['score', 'passing', 'total'] as const) {
    if (typeof overall[key] !== 'number') return `"overall.${key}" is not a number`;
  }
  if (overall.gate !== 'pass' && overall.gate !== 'fail') return '"overall.gate" is not "pass" or "fail"';
  if (!Array.isArray(record.capabilities)) return '"capabilities" is not an array';
  for (const [i, capability] of record.capabilities.entries()) {
    if (!isObject(capability)) return `"capabilities[${i}]" is not an object`;
    if (typeof capability.id !== 'string') return `"capabilities[${i}].id" is not a string`;
    if (typeof capability.score !== 'number' && capability.score !== null) {
      return `"capabilities[${i}].score" is not a number or null`;
    }
    if (!Array.isArray(capability.safeguards)) return `"capabilities[${i}].safeguards" is not an array`;
    for (const [j, safeguard] of capability.safeguards.entries()) {
      const at = `capabilities[${i}].safeguards[${j}]`;
      if (!isObject(safeguard)) return `"${at}" is not an object`;
      if (typeof safeguard.id !== 'string') return `"${at}.id" is not a string`;
      if (!Array.isArray(safeguard.evidence)) return `"${at}.evidence" is not an array`;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
