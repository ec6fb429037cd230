/**
 * The status contract (/work/shared/CAPABILITY-STATUS.md, docs/scoring.md) as executable specification: core
 * safeguards decide the status, hardening places the score inside the status's band, violations only subtract,
 * and the capabilities without a score (not-applicable, inconclusive) stay out of the mean and of the gate's count.
 */
import { describe, expect, it } from 'vitest';
import {
  divideRoundHalfUp,
  isScored,
  judgeCapabilityScore,
  overallResult,
  PRESENT_FLOOR,
  type ScoredSafeguard,
} from '../../src/audit/score/score.js';
import type { CapabilityStatus, GateMode, SafeguardOutcome } from '../../src/audit/scorecard.js';
import { auditWith } from './helpers.js';

/** A core requirement, a hardening requirement and a violation safeguard (not core unless asked). */
const core = (weight: number, result: SafeguardOutcome): ScoredSafeguard => ({
  kind: 'requirement',
  core: true,
  weight,
  result,
});
const hardening = (weight: number, result: SafeguardOutcome): ScoredSafeguard => ({
  kind: 'requirement',
  core: false,
  weight,
  result,
});
const violation = (weight: number, result: SafeguardOutcome, isCore = false): ScoredSafeguard => ({
  kind: 'violation',
  core: isCore,
  weight,
  result,
});

/** The band each status's score must lie in; null for the statuses that carry no score. */
function band(status: CapabilityStatus): [number, number] | null {
  switch (status) {
    case 'present':
      return [70, 100];
    case 'partial':
      return [1, 69];
    case 'absent':
      return [0, 0];
    case 'not-applicable':
    case 'inconclusive':
      return null;
  }
}

/** A small deterministic PRNG (mulberry32), so that the generated cases are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSafeguards(next: () => number): ScoredSafeguard[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const count = 1 + Math.floor(next() * 7);
  return Array.from({ length: count }, () => {
    const weight = 1 + Math.floor(next() * 60);
    const kind = pick(['requirement', 'requirement', 'violation'] as const);
    const result =
      kind === 'requirement'
        ? pick(['satisfied', 'missing', 'not-applicable'] as const)
        : pick(['satisfied', 'violated', 'not-applicable'] as const);
    return { kind, core: next() < 0.5, weight, result };
  });
}

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

describe('judgeCapabilityScore: core safeguards decide the status', () => {
  it('every core satisfied and no hardening applicable: present at the top of the band', () => {
    expect(judgeCapabilityScore([core(30, 'satisfied'), core(20, 'satisfied')])).toEqual({
      status: 'present',
      score: 100,
    });
  });

  it('every core satisfied: 70 + 30 × the hardening weight share', () => {
    // 70 + 30 × 10/40 = 77.5, rounded half up.
    expect(
      judgeCapabilityScore([core(30, 'satisfied'), hardening(10, 'satisfied'), hardening(30, 'missing')]),
    ).toEqual({ status: 'present', score: 78 });
  });

  it('every core satisfied and no hardening satisfied: present at exactly the floor of 70', () => {
    expect(judgeCapabilityScore([core(30, 'satisfied'), hardening(50, 'missing')])).toEqual({
      status: 'present',
      score: PRESENT_FLOOR,
    });
  });

  it('some core satisfied: partial, 1 + 68 × the requirement weight share (hardening included)', () => {
    // 1 + 68 × (10 + 20) / 40 = 52.
    expect(
      judgeCapabilityScore([core(10, 'satisfied'), core(10, 'missing'), hardening(20, 'satisfied')]),
    ).toEqual({ status: 'partial', score: 52 });
  });

  it('some core satisfied: never above 69, however little is missing', () => {
    // 1 + 68 × 999/1000 rounds to 69; the hardening cannot lift a missing core into present either.
    expect(judgeCapabilityScore([core(999, 'satisfied'), core(1, 'missing')])).toEqual({
      status: 'partial',
      score: 69,
    });
    expect(
      judgeCapabilityScore([core(1, 'satisfied'), core(1, 'missing'), hardening(10_000, 'satisfied')]),
    ).toEqual({ status: 'partial', score: 69 });
  });

  it('some core satisfied: never below 1, however little is satisfied', () => {
    expect(judgeCapabilityScore([core(1, 'satisfied'), core(1000, 'missing')])).toEqual({
      status: 'partial',
      score: 1,
    });
  });

  it('no core satisfied: absent with 0, whatever hardening holds', () => {
    expect(
      judgeCapabilityScore([core(10, 'missing'), hardening(90, 'satisfied'), violation(10, 'satisfied')]),
    ).toEqual({ status: 'absent', score: 0 });
  });

  it('not-applicable safeguards leave the denominators', () => {
    expect(
      judgeCapabilityScore([
        core(10, 'satisfied'),
        core(90, 'not-applicable'),
        hardening(50, 'not-applicable'),
      ]),
    ).toEqual({ status: 'present', score: 100 });
  });

  it('bands by construction: over every combination, the status follows the core and the score its band', () => {
    const outcomes = ['satisfied', 'missing', 'not-applicable'] as const;
    const cases = outcomes.flatMap((c1) =>
      outcomes.flatMap((c2) =>
        outcomes.flatMap((h1) => outcomes.flatMap((h2) => [1, 7, 40].map((w) => ({ c1, c2, h1, h2, w })))),
      ),
    );
    expect(cases).toHaveLength(3 ** 4 * 3);
    for (const { c1, c2, h1, h2, w } of cases) {
      const safeguards = [core(w, c1), core(13, c2), hardening(w + 3, h1), hardening(29, h2)];
      const applicableCore = [c1, c2].filter((r) => r !== 'not-applicable');
      const expected: CapabilityStatus =
        applicableCore.length === 0
          ? 'not-applicable'
          : applicableCore.every((r) => r === 'satisfied')
            ? 'present'
            : applicableCore.some((r) => r === 'satisfied')
              ? 'partial'
              : 'absent';
      const verdict = judgeCapabilityScore(safeguards);
      const label = JSON.stringify(safeguards);
      expect(verdict.status, label).toBe(expected);
      const range = band(verdict.status);
      if (range === null) expect(verdict.score, label).toBeNull();
      else {
        expect(verdict.score, label).toBeGreaterThanOrEqual(range[0]);
        expect(verdict.score, label).toBeLessThanOrEqual(range[1]);
      }
    }
  });
});

describe('judgeCapabilityScore: the absence of a mistake is not evidence', () => {
  const base = [core(20, 'satisfied'), core(20, 'missing'), hardening(10, 'satisfied')];

  it('a violation safeguard that found nothing adds nothing to the score', () => {
    const without = judgeCapabilityScore(base);
    expect(without).toEqual({ status: 'partial', score: 42 });
    expect(judgeCapabilityScore([...base, violation(50, 'satisfied')])).toEqual(without);
    expect(judgeCapabilityScore([...base, violation(50, 'satisfied', true)])).toEqual(without);
    expect(judgeCapabilityScore([...base, violation(50, 'not-applicable')])).toEqual(without);
  });

  it('violations that found nothing cannot make an absent capability anything else', () => {
    expect(
      judgeCapabilityScore([
        core(10, 'missing'),
        violation(40, 'satisfied'),
        violation(40, 'satisfied', true),
      ]),
    ).toEqual({ status: 'absent', score: 0 });
  });

  it('a capability with nothing but clean violation safeguards is not-applicable, never 100', () => {
    expect(judgeCapabilityScore([violation(10, 'satisfied'), violation(30, 'satisfied', true)])).toEqual({
      status: 'not-applicable',
      score: null,
    });
  });

  it('no safeguards at all, or no applicable core: not-applicable with no score', () => {
    expect(judgeCapabilityScore([])).toEqual({ status: 'not-applicable', score: null });
    expect(judgeCapabilityScore([core(10, 'not-applicable'), hardening(10, 'satisfied')])).toEqual({
      status: 'not-applicable',
      score: null,
    });
    // A capability without a core safeguard cannot be scored from hardening alone.
    expect(judgeCapabilityScore([hardening(10, 'satisfied'), hardening(5, 'satisfied')])).toEqual({
      status: 'not-applicable',
      score: null,
    });
  });
});

describe('judgeCapabilityScore: found violations only subtract', () => {
  it('each violated violation subtracts its weight', () => {
    expect(
      judgeCapabilityScore([
        core(10, 'satisfied'),
        violation(3, 'violated'),
        violation(4, 'violated'),
        violation(50, 'satisfied'),
      ]),
    ).toEqual({ status: 'present', score: 93 });
  });

  it('a violated hardening violation can pull present down to partial', () => {
    expect(
      judgeCapabilityScore([core(10, 'satisfied'), hardening(10, 'missing'), violation(5, 'violated')]),
    ).toEqual({ status: 'partial', score: 65 });
  });

  it('a violated core violation caps the score at partial (69), even at the top of the band', () => {
    expect(judgeCapabilityScore([core(10, 'satisfied'), violation(1, 'violated', true)])).toEqual({
      status: 'partial',
      score: 69,
    });
    // The same violation as hardening only costs its weight.
    expect(judgeCapabilityScore([core(10, 'satisfied'), violation(1, 'violated')])).toEqual({
      status: 'present',
      score: 99,
    });
  });

  it('a violated core violation below the cap subtracts its weight as any other', () => {
    expect(
      judgeCapabilityScore([core(10, 'satisfied'), core(10, 'missing'), violation(5, 'violated', true)]),
    ).toEqual({ status: 'partial', score: 30 });
  });

  it('the penalty never takes a capability with core evidence below 1', () => {
    expect(judgeCapabilityScore([core(10, 'satisfied'), violation(1000, 'violated')])).toEqual({
      status: 'partial',
      score: 1,
    });
    expect(
      judgeCapabilityScore([core(1, 'satisfied'), core(99, 'missing'), violation(1000, 'violated', true)]),
    ).toEqual({ status: 'partial', score: 1 });
  });

  it('a violation does not turn absent into anything else, nor lower it below 0', () => {
    expect(judgeCapabilityScore([core(10, 'missing'), violation(40, 'violated', true)])).toEqual({
      status: 'absent',
      score: 0,
    });
  });

  it('a violation alone, with no applicable core, leaves the capability not-applicable', () => {
    expect(judgeCapabilityScore([core(10, 'not-applicable'), violation(40, 'violated')])).toEqual({
      status: 'not-applicable',
      score: null,
    });
  });
});

describe('judgeCapabilityScore: integer arithmetic and determinism', () => {
  const cases = (() => {
    const next = random(20_261_202);
    return Array.from({ length: 2000 }, () => randomSafeguards(next));
  })();

  it('every score is an integer inside its status band, or null for not-applicable', () => {
    for (const safeguards of cases) {
      const verdict = judgeCapabilityScore(safeguards);
      const range = band(verdict.status);
      const label = JSON.stringify(safeguards);
      expect(verdict.status, label).not.toBe('inconclusive');
      if (range === null) {
        expect(verdict.score, label).toBeNull();
        continue;
      }
      expect(Number.isInteger(verdict.score), label).toBe(true);
      expect(verdict.score!, label).toBeGreaterThanOrEqual(range[0]);
      expect(verdict.score!, label).toBeLessThanOrEqual(range[1]);
    }
  });

  it('the same safeguards give the same verdict, in any order', () => {
    for (const safeguards of cases) {
      const verdict = judgeCapabilityScore(safeguards);
      expect(judgeCapabilityScore(safeguards.map((s) => ({ ...s })))).toEqual(verdict);
      expect(judgeCapabilityScore([...safeguards].reverse())).toEqual(verdict);
    }
  });

  it('scaling every weight by the same factor does not change the verdict without violations', () => {
    for (const safeguards of cases.map((c) => c.filter((s) => s.kind === 'requirement'))) {
      const scaled = safeguards.map((s) => ({ ...s, weight: s.weight * 7 }));
      expect(judgeCapabilityScore(scaled)).toEqual(judgeCapabilityScore(safeguards));
    }
  });

  it('shares that land on .5 round up, in both bands', () => {
    // present: 70 + 30 × 1/4 = 77.5 → 78; partial: 1 + 68 × 1/16 = 5.25 → 5 and 1 + 68 × 1/8 = 9.5 → 10.
    expect(
      judgeCapabilityScore([core(1, 'satisfied'), hardening(1, 'satisfied'), hardening(3, 'missing')]).score,
    ).toBe(78);
    expect(judgeCapabilityScore([core(1, 'satisfied'), core(15, 'missing')]).score).toBe(5);
    expect(judgeCapabilityScore([core(1, 'satisfied'), core(7, 'missing')]).score).toBe(10);
  });
});

describe('judgeCapabilityScore through a real audit', () => {
  it('an audit in which nothing applies gives not-applicable capabilities and no overall credit', async () => {
    const rules = {
      'http.yaml': [
        'capability: http-origin',
        'title: HTTP origin',
        'safeguards:',
        '  - id: origin-checked',
        '    title: Origin is checked',
        '    weight: 10',
        '    core: true',
        '    applies-when: { import: { from: "/^(node:)?http$/" } }',
        '    evidence: { call: { name: validateOrigin } }',
        '  - id: no-eval',
        '    title: No eval',
        '    kind: violation',
        '    weight: 10',
        '    evidence: { call: { name: eval } }',
        '',
      ].join('\n'),
      'clean.yaml': [
        'capability: clean-code',
        'title: Clean code',
        'safeguards:',
        '  - { id: no-exec, title: No exec, kind: violation, weight: 30, evidence: { call: { name: exec } } }',
        '',
      ].join('\n'),
    };
    const card = await auditWith({ 'src/index.ts': 'export const nothing = 1;\n' }, rules);
    expect(card.capabilities.map((c) => [c.id, c.status, c.score])).toEqual([
      ['clean-code', 'not-applicable', null],
      ['http-origin', 'not-applicable', null],
    ]);
    expect(card.capabilities.every((c) => typeof c.reason === 'string' && c.reason !== '')).toBe(true);
    expect(card.overall).toMatchObject({ score: 0, passing: 0, total: 0, inconclusive: 0 });
  });
});

describe('isScored', () => {
  it.each<[CapabilityStatus, boolean]>([
    ['present', true],
    ['partial', true],
    ['absent', true],
    ['not-applicable', false],
    ['inconclusive', false],
  ])('%s: %s', (status, expected) => {
    expect(isScored(status)).toBe(expected);
  });
});

describe('overallResult', () => {
  type Capability = { score: number | null; threshold: number; status: CapabilityStatus };
  const cap = (score: number, threshold = 70): Capability => ({
    score,
    threshold,
    status: score === 0 ? 'absent' : score >= PRESENT_FLOOR ? 'present' : 'partial',
  });
  const notApplicable: Capability = { score: null, threshold: 70, status: 'not-applicable' };
  const inconclusive: Capability = { score: null, threshold: 70, status: 'inconclusive' };

  it.each<[string, Capability[], GateMode, ReturnType<typeof overallResult>]>([
    [
      'all above: pass',
      [cap(80), cap(90)],
      'capability',
      { score: 85, passing: 2, total: 2, inconclusive: 0, gate: 'pass' },
    ],
    [
      'one below fails capability mode',
      [cap(100), cap(60)],
      'capability',
      { score: 80, passing: 1, total: 2, inconclusive: 0, gate: 'fail' },
    ],
    [
      'average mode passes on the mean',
      [cap(100), cap(60)],
      'average',
      { score: 80, passing: 1, total: 2, inconclusive: 0, gate: 'pass' },
    ],
    [
      'average mode: a mean of 69.5 rounds up to the threshold',
      [cap(70), cap(69)],
      'average',
      { score: 70, passing: 1, total: 2, inconclusive: 0, gate: 'pass' },
    ],
    [
      'average mode fails below the run threshold',
      [cap(60), cap(69)],
      'average',
      { score: 65, passing: 0, total: 2, inconclusive: 0, gate: 'fail' },
    ],
    [
      'none mode always passes',
      [cap(0)],
      'none',
      { score: 0, passing: 0, total: 1, inconclusive: 0, gate: 'pass' },
    ],
    [
      'per-capability threshold',
      [cap(50, 40), cap(90)],
      'capability',
      { score: 70, passing: 2, total: 2, inconclusive: 0, gate: 'pass' },
    ],
    [
      'mean rounds half up',
      [cap(70), cap(71)],
      'capability',
      { score: 71, passing: 2, total: 2, inconclusive: 0, gate: 'pass' },
    ],
  ])('%s', (_name, capabilities, mode, expected) => {
    expect(overallResult(capabilities, 70, mode)).toEqual(expected);
  });

  it('not-applicable capabilities leave the mean, the total and the gate', () => {
    expect(overallResult([cap(80), notApplicable, notApplicable], 70, 'capability')).toEqual({
      score: 80,
      passing: 1,
      total: 1,
      inconclusive: 0,
      gate: 'pass',
    });
    expect(overallResult([cap(60), notApplicable], 60, 'average').score).toBe(60);
  });

  it('inconclusive capabilities leave the mean and the total, and are counted apart', () => {
    const result = overallResult([cap(80), cap(40, 30), inconclusive], 70, 'capability', true);
    expect(result).toEqual({ score: 60, passing: 2, total: 2, inconclusive: 1, gate: 'pass' });
  });

  it('nothing scored: an overall score of 0, never 100', () => {
    expect(overallResult([notApplicable, notApplicable], 70, 'capability')).toMatchObject({
      score: 0,
      passing: 0,
      total: 0,
    });
    expect(overallResult([], 70, 'capability').score).toBe(0);
    expect(overallResult([inconclusive], 70, 'capability', true).score).toBe(0);
  });

  it('the gate fails on an inconclusive capability, in capability and in average mode', () => {
    for (const mode of ['capability', 'average'] as const) {
      expect(overallResult([cap(100), inconclusive], 70, mode).gate, mode).toBe('fail');
      expect(overallResult([cap(100), inconclusive], 70, mode, false).gate, mode).toBe('fail');
    }
  });

  it('allowInconclusive lets an inconclusive capability pass the gate', () => {
    for (const mode of ['capability', 'average'] as const) {
      expect(overallResult([cap(100), inconclusive], 70, mode, true).gate, mode).toBe('pass');
    }
  });

  it('allowInconclusive does not rescue a capability below its threshold', () => {
    expect(overallResult([cap(50), inconclusive], 70, 'capability', true).gate).toBe('fail');
    expect(overallResult([cap(50), inconclusive], 70, 'average', true).gate).toBe('fail');
  });

  it('gate mode none passes even with an inconclusive capability', () => {
    expect(overallResult([cap(10), inconclusive], 70, 'none').gate).toBe('pass');
  });
});
