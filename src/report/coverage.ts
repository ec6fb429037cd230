import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ReportInputError, describeFsError } from './errors.js';
import { compareText } from './violations.js';

/** Covered and total counts of one metric (statements, branches, functions or lines). */
export interface CoverageCount {
  covered: number;
  total: number;
}

/** Coverage of one component: a source folder relative to the project root, or `total`. */
export interface CoverageRow {
  component: string;
  statements: CoverageCount;
  branches: CoverageCount;
  functions: CoverageCount;
  lines: CoverageCount;
}

/** Measured test coverage, read from Vitest's (istanbul's) `coverage-summary.json`. */
export interface CoverageSummary {
  total: CoverageRow;
  components: CoverageRow[]; // sorted by component
}

const METRICS = ['statements', 'branches', 'functions', 'lines'] as const;
type Metric = (typeof METRICS)[number];

/**
 * Read `coverage-summary.json` (Vitest `json-summary` reporter). Its per-file keys are absolute paths: they are made
 * relative to `root` and grouped by folder, so that no absolute path reaches a report.
 */
export function readCoverageSummary(file: string, root: string = process.cwd()): CoverageSummary {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not valid JSON: ${error.message}` : describeFsError(error);
    throw new ReportInputError(`cannot read coverage summary ${file}: ${reason}`);
  }
  if (data === null || typeof data !== 'object' || !('total' in data)) {
    throw new ReportInputError(
      `coverage summary ${file} has no "total" entry (expected Vitest's json-summary output)`,
    );
  }
  const entries = data as Record<string, unknown>;
  const groups = new Map<string, CoverageRow>();
  for (const [key, value] of Object.entries(entries)) {
    if (key === 'total') continue;
    const component = componentOf(key, root);
    const row = groups.get(component) ?? emptyRow(component);
    addInto(row, countsOf(value, file, key));
    groups.set(component, row);
  }
  return {
    total: { component: 'total', ...countsOf(entries.total, file, 'total') },
    components: [...groups.values()].sort((a, b) => compareText(a.component, b.component)),
  };
}

/** A percentage with one decimal, computed with integers and rounded half up; `n/a` when nothing was counted. */
export function formatPercent(count: CoverageCount): string {
  if (count.total === 0) return 'n/a';
  const permille = Math.floor((count.covered * 2000 + count.total) / (count.total * 2));
  return `${Math.floor(permille / 10)}.${permille % 10}%`;
}

/**
 * The folder of a covered file relative to root, `/`-separated. Keys may be absolute (as Vitest writes them) or
 * already relative to the root (as scripts/report.mjs stores them); files outside root are grouped as `(outside)`.
 */
function componentOf(file: string, root: string): string {
  const absolute = path.isAbsolute(file) ? file : path.join(root, file);
  const relative = path.relative(root, path.dirname(absolute)).split(path.sep).join('/');
  if (relative.startsWith('..') || path.isAbsolute(relative)) return '(outside)';
  return relative === '' ? '.' : relative;
}

function countsOf(value: unknown, file: string, key: string): Omit<CoverageRow, 'component'> {
  const result = {} as Omit<CoverageRow, 'component'>;
  for (const metric of METRICS) {
    const entry = (value as Record<Metric, { covered?: unknown; total?: unknown } | undefined> | null)?.[
      metric
    ];
    const covered = entry?.covered;
    const total = entry?.total;
    if (!Number.isInteger(covered) || !Number.isInteger(total)) {
      throw new ReportInputError(
        `coverage summary ${file}: entry "${path.basename(key)}" has no ${metric} counts`,
      );
    }
    result[metric] = { covered: covered as number, total: total as number };
  }
  return result;
}

function emptyRow(component: string): CoverageRow {
  const zero = (): CoverageCount => ({ covered: 0, total: 0 });
  return { component, statements: zero(), branches: zero(), functions: zero(), lines: zero() };
}

function addInto(row: CoverageRow, counts: Omit<CoverageRow, 'component'>): void {
  for (const metric of METRICS) {
    row[metric].covered += counts[metric].covered;
    row[metric].total += counts[metric].total;
  }
}
