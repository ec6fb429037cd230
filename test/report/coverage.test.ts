import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ReportInputError, readCoverageSummary } from '../../src/report/index.js';
import { formatPercent } from '../../src/report/coverage.js';

const root = mkdtempSync(path.join(tmpdir(), 'safeguard-cov-'));
const counts = (total: number, covered: number) => ({ total, covered, skipped: 0, pct: 0 });
const entry = (lines: [number, number]) => ({
  lines: counts(...lines),
  statements: counts(...lines),
  functions: counts(4, 3),
  branches: counts(10, 5),
});

/** The shape Vitest's json-summary reporter writes: a total plus one entry per absolute file path. */
function writeSummary(): string {
  const file = path.join(root, 'coverage-summary.json');
  const summary = {
    total: { ...entry([300, 240]), branchesTrue: { total: 0, covered: 0, skipped: 0, pct: 'Unknown' } },
    [path.join(root, 'src/runtime/auth/api-keys.ts')]: entry([100, 90]),
    [path.join(root, 'src/runtime/auth/jwt.ts')]: entry([100, 60]),
    [path.join(root, 'src/report/sarif.ts')]: entry([100, 90]),
  };
  writeFileSync(file, JSON.stringify(summary));
  return file;
}

describe('coverage summary', () => {
  test('groups files by folder relative to the root and sums their counts', () => {
    const summary = readCoverageSummary(writeSummary(), root);
    expect(summary.components.map((c) => [c.component, c.lines])).toEqual([
      ['src/report', { covered: 90, total: 100 }],
      ['src/runtime/auth', { covered: 150, total: 200 }],
    ]);
    expect(summary.total.lines).toEqual({ covered: 240, total: 300 });
  });

  test('keeps no absolute path', () => {
    const summary = readCoverageSummary(writeSummary(), root);
    expect(JSON.stringify(summary)).not.toContain(root);
  });

  test('percentages are rounded half up to one decimal with integer arithmetic', () => {
    expect(formatPercent({ covered: 2, total: 3 })).toBe('66.7%');
    expect(formatPercent({ covered: 1, total: 8 })).toBe('12.5%');
    expect(formatPercent({ covered: 1, total: 16 })).toBe('6.3%'); // 6.25 rounds up
    expect(formatPercent({ covered: 0, total: 0 })).toBe('n/a');
  });

  test('a file that is not a coverage summary is an input error', () => {
    const file = path.join(root, 'other.json');
    writeFileSync(file, '{"numTotalTests": 3}');
    expect(() => readCoverageSummary(file, root)).toThrow(ReportInputError);
    expect(() => readCoverageSummary(file, root)).toThrow(/has no "total" entry/);
  });

  test('a missing coverage file is an input error naming it', () => {
    const file = path.join(root, 'absent.json');
    expect(() => readCoverageSummary(file, root)).toThrow(
      `cannot read coverage summary ${file}: file not found`,
    );
  });
});

describe('coverage summary with repository-relative keys', () => {
  test('keys already relative to the root are grouped the same way', () => {
    const file = path.join(root, 'relative-summary.json');
    writeFileSync(file, JSON.stringify({ total: entry([100, 90]), 'src/report/sarif.ts': entry([100, 90]) }));
    expect(readCoverageSummary(file, '/elsewhere').components.map((c) => c.component)).toEqual([
      'src/report',
    ]);
  });
});
