import { describe, expect, test } from 'vitest';
import { compareWithBaseline } from '../../src/report/index.js';
import { sampleScorecard } from './sample-scorecard.js';

const shellSafeguard = (s: ReturnType<typeof sampleScorecard>) => s.capabilities[1]!.safeguards[1]!;

describe('compareWithBaseline', () => {
  test('gives per-capability deltas and the overall change', () => {
    const baseline = sampleScorecard();
    baseline.capabilities[2]!.score = 60;
    baseline.overall.score = 47;
    const comparison = compareWithBaseline(sampleScorecard(), baseline);
    expect(comparison.capabilities).toEqual([
      { id: 'mcp-authz-authn', before: 80, after: 80, delta: 0 },
      { id: 'mcp-context', before: 0, after: 0, delta: 0 },
      { id: 'mcp-rate-limiting', before: 60, after: 25, delta: -35 },
    ]);
    expect(comparison.overallBefore).toBe(47);
    expect(comparison.overallDelta).toBe(-12);
  });

  test('flags a regression when any capability score drops', () => {
    const baseline = sampleScorecard();
    baseline.capabilities[2]!.score = 26;
    expect(compareWithBaseline(sampleScorecard(), baseline).regressed).toBe(true);
  });

  test('does not flag a regression when scores only rise or stay', () => {
    const baseline = sampleScorecard();
    baseline.capabilities[0]!.score = 70;
    expect(compareWithBaseline(sampleScorecard(), baseline).regressed).toBe(false);
  });

  test('a capability missing from the baseline has no previous score and no delta', () => {
    const baseline = sampleScorecard();
    baseline.capabilities = baseline.capabilities.filter((c) => c.id !== 'mcp-context');
    const delta = compareWithBaseline(sampleScorecard(), baseline).capabilities.find(
      (c) => c.id === 'mcp-context',
    );
    expect(delta).toEqual({ id: 'mcp-context', before: null, after: 0, delta: 0 });
  });

  test('a violation that only moved to another line is neither new nor fixed', () => {
    const current = sampleScorecard();
    for (const evidence of shellSafeguard(current).evidence) evidence.line += 12;
    const comparison = compareWithBaseline(current, sampleScorecard());
    expect(comparison.newViolations).toEqual([]);
    expect(comparison.fixedViolations).toEqual([]);
  });

  test('a violation absent from the baseline is new', () => {
    const baseline = sampleScorecard();
    baseline.capabilities[2]!.safeguards[2]!.result = 'satisfied';
    baseline.capabilities[2]!.safeguards[2]!.evidence = [];
    const comparison = compareWithBaseline(sampleScorecard(), baseline);
    expect(comparison.newViolations).toEqual([
      {
        safeguard: 'no-unbounded-retry-loop',
        file: 'src/tools/fetch.ts',
        line: 22,
        snippet: 'while (true) { await retry(); }',
      },
    ]);
  });

  test('a violation gone from the current audit is fixed', () => {
    const current = sampleScorecard();
    current.capabilities[2]!.safeguards[2]!.result = 'satisfied';
    current.capabilities[2]!.safeguards[2]!.evidence = [];
    const comparison = compareWithBaseline(current, sampleScorecard());
    expect(comparison.fixedViolations.map((v) => v.safeguard)).toEqual(['no-unbounded-retry-loop']);
    expect(comparison.newViolations).toEqual([]);
  });

  test('a second copy of an existing snippet counts as one new violation', () => {
    const baseline = sampleScorecard();
    shellSafeguard(baseline).evidence.pop();
    const comparison = compareWithBaseline(sampleScorecard(), baseline);
    expect(comparison.newViolations).toHaveLength(1);
    expect(comparison.newViolations[0]).toMatchObject({ safeguard: 'no-exec-from-arguments', line: 15 });
  });

  test('the same snippet in another file is a different violation', () => {
    const current = sampleScorecard();
    shellSafeguard(current).evidence[0]!.file = 'src/tools/other.ts';
    const comparison = compareWithBaseline(current, sampleScorecard());
    expect(comparison.newViolations.map((v) => v.file)).toEqual(['src/tools/other.ts']);
    expect(comparison.fixedViolations.map((v) => v.file)).toEqual(['src/tools/shell.ts']);
  });
});
