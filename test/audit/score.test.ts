import { describe, expect, it } from 'vitest';
import {
  capabilityScore,
  capabilityStatus,
  divideRoundHalfUp,
  overallResult,
} from '../../src/audit/score/score.js';
import type { CapabilityStatus, GateMode, SafeguardOutcome } from '../../src/audit/scorecard.js';

describe('divideRoundHalfUp', () => {
  it.each([
    [0, 3, 0],
    [1, 2, 1], // 0.5 rounds up
    [5000, 60, 83], // 83.33
    [250, 3, 83], // 83.33
    [500, 6, 83],
    [1000, 6, 167], // 166.67
    [7, 2, 4], // 3.5
    [6950, 100, 70], // 69.5 rounds up to 70
    [6949, 100, 69],
  ])('%i / %i = %i', (n, d, expected) => {
    expect(divideRoundHalfUp(n, d)).toBe(expected);
  });

  it('refuses non-integers and a zero denominator', () => {
    expect(() => divideRoundHalfUp(1.5, 2)).toThrow(RangeError);
    expect(() => divideRoundHalfUp(1, 0)).toThrow(RangeError);
  });
});

describe('capabilityScore', () => {
  const s = (weight: number, result: SafeguardOutcome) => ({ weight, result });
  it.each<[string, { weight: number; result: SafeguardOutcome }[], number | undefined]>([
    ['all satisfied', [s(30, 'satisfied'), s(20, 'satisfied')], 100],
    ['none satisfied', [s(30, 'missing'), s(20, 'violated')], 0],
    ['weighted share, rounded half up', [s(30, 'satisfied'), s(20, 'satisfied'), s(10, 'violated')], 83],
    ['exactly half', [s(1, 'satisfied'), s(1, 'missing')], 50],
    ['not-applicable weight leaves the denominator', [s(30, 'satisfied'), s(70, 'not-applicable')], 100],
    ['69.5 rounds to 70', [s(139, 'satisfied'), s(61, 'missing')], 70],
    ['nothing applies', [s(10, 'not-applicable')], undefined],
    ['no safeguards', [], undefined],
  ])('%s', (_name, safeguards, expected) => {
    expect(capabilityScore(safeguards)).toBe(expected);
  });
});

describe('capabilityStatus', () => {
  it.each<[number | undefined, number, CapabilityStatus]>([
    [100, 70, 'present'],
    [70, 70, 'present'],
    [69, 70, 'partial'],
    [1, 70, 'partial'],
    [0, 70, 'absent'],
    [0, 0, 'absent'],
    [undefined, 70, 'not-applicable'],
  ])('score %s with threshold %i is %s', (score, threshold, expected) => {
    expect(capabilityStatus(score, threshold)).toBe(expected);
  });
});

describe('overallResult', () => {
  const cap = (
    score: number,
    threshold = 70,
    status: CapabilityStatus = score === 0 ? 'absent' : score >= threshold ? 'present' : 'partial',
  ) => ({
    score,
    threshold,
    status,
  });
  it.each<
    [
      string,
      ReturnType<typeof cap>[],
      GateMode,
      { score: number; passing: number; total: number; gate: string },
    ]
  >([
    ['all above: pass', [cap(80), cap(90)], 'capability', { score: 85, passing: 2, total: 2, gate: 'pass' }],
    [
      'one below fails capability mode',
      [cap(100), cap(60)],
      'capability',
      { score: 80, passing: 1, total: 2, gate: 'fail' },
    ],
    [
      'average mode passes on the mean',
      [cap(100), cap(60)],
      'average',
      { score: 80, passing: 1, total: 2, gate: 'pass' },
    ],
    [
      'average mode: a mean of 69.5 rounds up to the threshold',
      [cap(70), cap(69)],
      'average',
      { score: 70, passing: 1, total: 2, gate: 'pass' },
    ],
    [
      'average mode fails below the run threshold',
      [cap(60), cap(69)],
      'average',
      { score: 65, passing: 0, total: 2, gate: 'fail' },
    ],
    ['none mode always passes', [cap(0)], 'none', { score: 0, passing: 0, total: 1, gate: 'pass' }],
    [
      'per-capability threshold',
      [cap(50, 40), cap(90)],
      'capability',
      { score: 70, passing: 2, total: 2, gate: 'pass' },
    ],
    [
      'not-applicable capabilities leave the mean',
      [cap(80), { score: 0, threshold: 70, status: 'not-applicable' as const }],
      'capability',
      { score: 80, passing: 1, total: 1, gate: 'pass' },
    ],
    [
      'mean rounds half up',
      [cap(70), cap(71)],
      'capability',
      { score: 71, passing: 2, total: 2, gate: 'pass' },
    ],
  ])('%s', (_name, capabilities, mode, expected) => {
    expect(overallResult(capabilities, 70, mode)).toEqual(expected);
  });
});
