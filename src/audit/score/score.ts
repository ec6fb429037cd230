import type { CapabilityStatus, Gate, GateMode, SafeguardKind, SafeguardOutcome } from '../scorecard.js';

/** The default threshold every capability is held to. */
export const DEFAULT_THRESHOLD = 70;

/** The lowest score of the `present` band: every core safeguard is satisfied (docs/scoring.md). */
export const PRESENT_FLOOR = 70;
/** The highest score of the `partial` band. */
const PARTIAL_CEILING = PRESENT_FLOOR - 1;

/** round-half-up(numerator / denominator) for non-negative integers, in integer arithmetic only. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || denominator <= 0) {
    throw new RangeError(`divideRoundHalfUp needs integers n >= 0, d > 0; got ${numerator}/${denominator}`);
  }
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** What scoring needs to know of one judged safeguard. */
export interface ScoredSafeguard {
  kind: SafeguardKind;
  core: boolean;
  weight: number;
  result: SafeguardOutcome;
}

/** A capability's status and score before the audit asks whether unanalysed files could change it. */
export interface CapabilityVerdict {
  status: Exclude<CapabilityStatus, 'inconclusive'>;
  score: number | null;
}

/**
 * The status contract (docs/scoring.md), in integer arithmetic:
 * - no applicable core safeguard: `not-applicable`, no score;
 * - no core safeguard satisfied: `absent`, 0, whatever else holds;
 * - every core safeguard satisfied: 70 + 30 × (hardening weight satisfied / hardening weight applicable);
 * - some core satisfied: 1 + 68 × (requirement weight satisfied / requirement weight applicable), so at most 69;
 * - each violated violation safeguard then subtracts its weight (never below 1), and a violated core violation
 *   caps the score at 69. Violations not found add nothing: the absence of a mistake is not evidence.
 */
export function judgeCapabilityScore(safeguards: readonly ScoredSafeguard[]): CapabilityVerdict {
  let coreApplicable = 0;
  let coreSatisfied = 0;
  let hardeningApplicable = 0;
  let hardeningSatisfied = 0;
  let penalty = 0;
  let coreViolated = false;
  for (const { kind, core, weight, result } of safeguards) {
    if (result === 'not-applicable') continue;
    if (kind === 'violation') {
      if (result === 'violated') {
        penalty += weight;
        coreViolated ||= core;
      }
      continue;
    }
    const satisfied = result === 'satisfied' ? weight : 0;
    if (core) {
      coreApplicable += weight;
      coreSatisfied += satisfied;
    } else {
      hardeningApplicable += weight;
      hardeningSatisfied += satisfied;
    }
  }
  if (coreApplicable === 0) return { status: 'not-applicable', score: null };
  if (coreSatisfied === 0) return { status: 'absent', score: 0 };
  let score: number;
  if (coreSatisfied === coreApplicable) {
    // With no hardening safeguard applicable, the core alone earns the top of the band.
    const hardening =
      hardeningApplicable === 0
        ? 100 - PRESENT_FLOOR
        : divideRoundHalfUp((100 - PRESENT_FLOOR) * hardeningSatisfied, hardeningApplicable);
    score = PRESENT_FLOOR + hardening;
  } else {
    const satisfied = coreSatisfied + hardeningSatisfied;
    score = 1 + divideRoundHalfUp((PARTIAL_CEILING - 1) * satisfied, coreApplicable + hardeningApplicable);
  }
  score = Math.max(1, score - penalty);
  if (coreViolated) score = Math.min(score, PARTIAL_CEILING);
  return { status: score >= PRESENT_FLOOR ? 'present' : 'partial', score };
}

/** Whether a capability's status carries a score (and so enters the averages and the threshold comparison). */
export function isScored(status: CapabilityStatus): boolean {
  return status === 'present' || status === 'partial' || status === 'absent';
}

/** The overall result over the scored capabilities, and the gate in the given mode. */
export function overallResult(
  capabilities: readonly { score: number | null; threshold: number; status: CapabilityStatus }[],
  runThreshold: number,
  gateMode: GateMode,
  allowInconclusive = false,
): { score: number; passing: number; total: number; inconclusive: number; gate: Gate } {
  const scored = capabilities.filter((c) => isScored(c.status));
  const inconclusive = capabilities.filter((c) => c.status === 'inconclusive').length;
  const total = scored.length;
  const sum = scored.reduce((acc, c) => acc + (c.score ?? 0), 0);
  const score = total === 0 ? 0 : divideRoundHalfUp(sum, total);
  const passing = scored.filter((c) => (c.score ?? 0) >= c.threshold).length;
  let pass: boolean;
  if (gateMode === 'none') pass = true;
  else if (inconclusive > 0 && !allowInconclusive) pass = false;
  else if (gateMode === 'average') pass = score >= runThreshold;
  else pass = passing === total;
  return { score, passing, total, inconclusive, gate: pass ? 'pass' : 'fail' };
}
