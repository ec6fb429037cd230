import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ReportInputError, readBenchReport } from '../../src/report/index.js';
import { formatMeasured } from '../../src/report/bench.js';

const dir = mkdtempSync(path.join(tmpdir(), 'safeguard-bench-'));
const write = (name: string, value: unknown): string => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

describe('benchmark results', () => {
  test('flattens nested results into named metrics in printed order', () => {
    const file = write('bench-runtime.json', {
      node: 'v20.20.2',
      bare: { requestsPerSecond: 10450.5, p99Ms: 3 },
      full: { requestsPerSecond: 9020.25, p99Ms: 4 },
      ratio: 0.863,
    });
    expect(readBenchReport([file]).runs).toMatchObject([
      {
        name: 'bench-runtime',
        metrics: [
          { name: 'node', value: 'v20.20.2' },
          { name: 'bare.requestsPerSecond', value: 10450.5 },
          { name: 'bare.p99Ms', value: 3 },
          { name: 'full.requestsPerSecond', value: 9020.25 },
          { name: 'full.p99Ms', value: 4 },
          { name: 'ratio', value: 0.863 },
        ],
      },
    ]);
  });

  test('labels array entries by their name', () => {
    const file = write('bench-audit.json', {
      runs: [
        { name: 'floor', wallMs: 812 },
        { name: 'audit', wallMs: 1100 },
      ],
    });
    expect(readBenchReport([file]).runs[0]!.metrics.map((m) => m.name)).toEqual([
      'runs[floor].name',
      'runs[floor].wallMs',
      'runs[audit].name',
      'runs[audit].wallMs',
    ]);
  });

  test('leaves out strings that look like absolute paths', () => {
    const file = write('paths.json', { corpus: '/tmp/corpus-123', files: 400 });
    expect(readBenchReport([file]).runs[0]!.metrics).toEqual([{ name: 'files', value: 400 }]);
  });

  test('measured fractions are shown with at most three decimals', () => {
    expect(formatMeasured(1.23456)).toBe('1.235');
    expect(formatMeasured(10450)).toBe('10450');
  });

  test('corrupt benchmark JSON is an input error', () => {
    expect(() => readBenchReport([write('bad.json', '{"a": ')])).toThrow(ReportInputError);
  });

  test('benchmark JSON with no values is an input error rather than an empty table', () => {
    expect(() => readBenchReport([write('empty.json', '{}')])).toThrow(/contain no measured values/);
  });
});
