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
      ['50%', '70%', 'No'],
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
    expect(summary.table[3]!.at(-1)!.data).toBe('-10');
    expect(summary.baseline).toContain('a capability score dropped');
  });

  test('escapes HTML in capability titles', () => {
    const scorecard = sampleScorecard();
    scorecard.capabilities[0]!.title = '<script>x</script>';
    expect(jobSummary(scorecard).table[1]![0]!.data).not.toContain('<script>');
  });
});
