import { describe, expect, test } from 'vitest';
import { compareWithBaseline, jobSummary } from '../../src/report/index.js';
import { sampleScorecard } from './sample-scorecard.js';

describe('job summary', () => {
  test('has a header row and one row per capability with score, threshold and readiness', () => {
    const { table } = jobSummary(sampleScorecard());
    expect(table[0]!.map((c) => c.data)).toEqual([
      'Capability',
      'Status',
      'Score',
      'Threshold',
      'Production ready',
    ]);
    expect(table.slice(1).map((row) => row.map((c) => c.data).slice(2))).toEqual([
      ['80%', '70%', 'Yes'],
      ['0%', '70%', 'No'],
      ['25%', '70%', 'No'],
    ]);
  });

  test('the headline states the gate, the passing count and the violation locations', () => {
    expect(jobSummary(sampleScorecard()).headline).toContain('1/3 capabilities at or above their threshold');
    expect(jobSummary(sampleScorecard()).headline).toContain('3 violation locations');
  });

  test('adds a change column and a baseline line when compared with a baseline', () => {
    const baseline = sampleScorecard();
    baseline.capabilities[2]!.score = 60;
    const current = sampleScorecard();
    current.baseline = compareWithBaseline(current, baseline);
    const summary = jobSummary(current);
    expect(summary.table[0]!.at(-1)!.data).toBe('Change');
    expect(summary.table[3]!.at(-1)!.data).toBe('-35');
    expect(summary.baseline).toContain('a capability score dropped');
  });

  test('an inconclusive capability shows ? and its reason, and whether the gate fails on it', () => {
    const scorecard = sampleScorecard();
    Object.assign(scorecard.capabilities[1]!, {
      score: null,
      status: 'inconclusive',
      reason: 'core evidence is missing and 1 file was not analysed (src/<tenant>.ts)',
    });
    scorecard.overall = { ...scorecard.overall, score: 53, total: 2, inconclusive: 1 };
    const summary = jobSummary(scorecard);
    expect(summary.table[2]!.map((c) => c.data).slice(1)).toEqual(['❔ inconclusive', '?', '70%', '?']);
    expect(summary.inconclusive).toBe(
      'Inconclusive (the gate fails on it): <code>mcp-context</code>: core evidence is missing and 1 file was ' +
        'not analysed (src/&#60;tenant&#62;.ts).',
    );
    scorecard.overall.allowInconclusive = true;
    expect(jobSummary(scorecard).inconclusive).toMatch(/^Inconclusive \(the gate allows this\): /);
  });

  test('no inconclusive line when every capability was decided; n/a for a not-applicable one', () => {
    expect(jobSummary(sampleScorecard()).inconclusive).toBeUndefined();
    const scorecard = sampleScorecard();
    Object.assign(scorecard.capabilities[0]!, {
      score: null,
      status: 'not-applicable',
      reason: 'stdio only',
    });
    const summary = jobSummary(scorecard);
    expect(summary.table[1]!.map((c) => c.data).slice(1)).toEqual(['➖ not applicable', 'n/a', '70%', 'n/a']);
    expect(summary.inconclusive).toBeUndefined();
  });

  test('escapes HTML in capability titles', () => {
    const scorecard = sampleScorecard();
    scorecard.capabilities[0]!.title = '<script>x</script>';
    expect(jobSummary(scorecard).table[1]![0]!.data).not.toContain('<script>');
  });
});
