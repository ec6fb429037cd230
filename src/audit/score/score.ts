import type { CapabilityStatus, Gate, GateMode, SafeguardOutcome } from '../scorecard.js';

/** The default threshold every capability is held to. */
export const DEFAULT_THRESHOLD = 70;

/** round-half-up(numerator / denominator) for non-negative integers, in integer arithmetic only. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || denominator <= 0) {
    throw new RangeError(`divideRoundHalfUp needs integers n >= 0, d > 0; got ${numerator}/${denominator}`);
  }
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * A capability's score: round-half-up(100 × Σ weight(satisfied) / Σ weight(applicable)); `undefined` when no
 * safeguard applies (the capability is then not applicable).
 */
export function capabilityScore(
  safeguards: readonly { weight: number; result: SafeguardOutcome }[],
): number | undefined {
  let applicable = 0;
  let satisfied = 0;
  for (const { weight, result } of safeguards) {
    if (result === 'not-applicable') continue;
    applicable += weight;
    if (result === 'satisfied') satisfied += weight;
  }
  return applicable === 0 ? undefined : divideRoundHalfUp(100 * satisfied, applicable);
}

/** `present` at or above the threshold, `absent` at 0, `partial` in between. */
export function capabilityStatus(score: number | undefined, threshold: number): CapabilityStatus {
  if (score === undefined) return 'not-applicable';
  if (score === 0) return 'absent';
  return score >= threshold ? 'present' : 'partial';
}

/** The overall result over applicable capabilities, and the gate in the given mode. */
export function overallResult(
  capabilities: readonly { score: number; threshold: number; status: CapabilityStatus }[],
  runThreshold: number,
  gateMode: GateMode,
): { score: number; passing: number; total: number; gate: Gate } {
  const applicable = capabilities.filter((c) => c.status !== 'not-applicable');
  const total = applicable.length;
  const sum = applicable.reduce((acc, c) => acc + c.score, 0);
  const score = total === 0 ? 0 : divideRoundHalfUp(sum, total);
  const passing = applicable.filter((c) => c.score >= c.threshold).length;
  let pass: boolean;
  if (gateMode === 'none') pass = true;
  else if (gateMode === 'average') pass = score >= runThreshold;
  else pass = passing === total;
  return { score, passing, total, gate: pass ? 'pass' : 'fail' };
}
