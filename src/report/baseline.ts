import type { BaselineComparison, CapabilityDelta, Scorecard, ViolationRef } from '../audit/scorecard.js';
import { compareText, compareViolations, violationKey, violationsOf } from './violations.js';

/**
 * Compare an audit with an earlier one (pure). Per-capability score deltas, and violations that are new or fixed,
 * matched by safeguard + file + snippet so that moved lines are not new. When the same snippet occurs several times,
 * occurrences are counted: only the extra ones are new, only the missing ones are fixed.
 */
export function compareWithBaseline(current: Scorecard, baseline: Scorecard): BaselineComparison {
  const before = new Map(baseline.capabilities.map((capability) => [capability.id, capability.score]));
  const capabilities: CapabilityDelta[] = current.capabilities
    .map((capability) => {
      const old = before.get(capability.id);
      return old === undefined
        ? { id: capability.id, before: null, after: capability.score, delta: 0 }
        : {
            id: capability.id,
            before: old,
            after: capability.score,
            // An unscored side (not-applicable or inconclusive) has no delta; a capability that became
            // inconclusive still fails the gate on its own.
            delta: old === null || capability.score === null ? 0 : capability.score - old,
          };
    })
    .sort((a, b) => compareText(a.id, b.id));

  const currentViolations = violationsOf(current);
  const baselineViolations = violationsOf(baseline);
  return {
    overallBefore: baseline.overall.score,
    overallDelta: current.overall.score - baseline.overall.score,
    capabilities,
    newViolations: unmatched(currentViolations, baselineViolations),
    fixedViolations: unmatched(baselineViolations, currentViolations),
    regressed: capabilities.some((delta) => delta.delta < 0),
  };
}

/** The refs of `side` that have no counterpart in `other`, counting repeated keys as a multiset. */
function unmatched(side: ViolationRef[], other: ViolationRef[]): ViolationRef[] {
  const available = new Map<string, number>();
  for (const ref of other) available.set(violationKey(ref), (available.get(violationKey(ref)) ?? 0) + 1);
  const result: ViolationRef[] = [];
  for (const ref of side) {
    const key = violationKey(ref);
    const left = available.get(key) ?? 0;
    if (left > 0) available.set(key, left - 1);
    else result.push(ref);
  }
  return result.sort(compareViolations);
}

/**
 * What fell against the baseline, as the CLI and the Action report it (`regression against the baseline:
 * mcp-rate-limiting -35`), or undefined when no capability score dropped.
 */
export function describeRegression(comparison: BaselineComparison | undefined): string | undefined {
  if (!comparison?.regressed) return undefined;
  const dropped = comparison.capabilities.filter((c) => c.delta < 0).map((c) => `${c.id} ${c.delta}`);
  return `regression against the baseline: ${dropped.join(', ')}`;
}
