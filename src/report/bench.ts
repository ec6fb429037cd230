import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ReportInputError, describeFsError } from './errors.js';

/** One measured value from a benchmark's JSON, named by its path in that JSON (`bare.requestsPerSecond`). */
export interface BenchMetric {
  name: string;
  value: number | string | boolean;
}

/** The metrics of one benchmark output file. */
export interface BenchRun {
  name: string; // the file's base name without `.json`, e.g. `bench-runtime`
  metrics: BenchMetric[]; // in the order the benchmark printed them
  /** The JSON as printed, for the benchmarks whose shape the summary tells in words (performance.ts). */
  data?: unknown;
}

/** Benchmark results as printed by `bench/*` (JSON), rendered as given: never summarised into invented figures. */
export interface BenchReport {
  runs: BenchRun[];
}

/** Read one or more benchmark JSON files into a BenchReport. */
export function readBenchReport(files: readonly string[]): BenchReport {
  return { runs: files.map(readBenchRun) };
}

function readBenchRun(file: string): BenchRun {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not valid JSON: ${error.message}` : describeFsError(error);
    throw new ReportInputError(`cannot read benchmark results ${file}: ${reason}`);
  }
  if (data === null || typeof data !== 'object') {
    throw new ReportInputError(`benchmark results ${file} are not a JSON object or array`);
  }
  const metrics: BenchMetric[] = [];
  flatten(data, '', metrics);
  if (metrics.length === 0)
    throw new ReportInputError(`benchmark results ${file} contain no measured values`);
  return { name: path.basename(file).replace(/\.json$/i, ''), metrics, data };
}

/**
 * Collect leaves as `a.b[label].c` metrics. Array elements are labelled by their `name`/`id`/`label`/`target` member when they
 * have one. Strings that look like file-system paths are left out: reports never carry absolute paths.
 */
function flatten(value: unknown, prefix: string, out: BenchMetric[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(item, `${prefix}[${labelOf(item) ?? index}]`, out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value))
      flatten(child, prefix === '' ? key : `${prefix}.${key}`, out);
    return;
  }
  if (typeof value === 'number' && Number.isFinite(value)) out.push({ name: prefix, value });
  else if (typeof value === 'boolean') out.push({ name: prefix, value });
  else if (typeof value === 'string' && value.length <= 60 && !looksLikePath(value))
    out.push({ name: prefix, value });
}

function labelOf(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  for (const key of ['name', 'id', 'label', 'target']) {
    const label = (item as Record<string, unknown>)[key];
    if (typeof label === 'string' && label !== '') return label;
  }
  return undefined;
}

function looksLikePath(text: string): boolean {
  return text.startsWith('/') || /^[a-z]:[\\/]/i.test(text) || text.includes('\\');
}

/** A measured number as text: integers as they are, fractions to at most three decimals. */
export function formatMeasured(value: number | string | boolean): string {
  if (typeof value !== 'number') return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
}
