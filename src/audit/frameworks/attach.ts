import { anyOf } from '../matchers/combinators.js';
import type { RuleSet } from '../rules/types.js';
import { checkFactTargets } from './load.js';
import { frameworkMatcher } from './matcher.js';
import type { FrameworkFact } from './types.js';

/**
 * Adds each framework fact to the evidence of the safeguard it satisfies, as one more alternative: the safeguard
 * holds where the code does the work itself or where it uses a framework version that does it.
 */
export function attachFrameworkFacts(
  ruleSet: RuleSet,
  facts: readonly FrameworkFact[],
  options: { requireTargets: boolean } = { requireTargets: true },
): void {
  const safeguards = new Map(
    ruleSet.capabilities.flatMap((c) => c.safeguards.map((s) => [s.id, s] as const)),
  );
  if (options.requireTargets) checkFactTargets(facts, new Set(safeguards.keys()));
  const bySafeguard = new Map<string, FrameworkFact[]>();
  for (const fact of facts) {
    if (!safeguards.has(fact.safeguard)) continue;
    bySafeguard.set(fact.safeguard, [...(bySafeguard.get(fact.safeguard) ?? []), fact]);
  }
  for (const [id, own] of bySafeguard) {
    const safeguard = safeguards.get(id)!;
    // Framework facts first: where the code's own evidence and a fact find the same place, the match that is kept
    // (the first, see union) carries the framework that does the work.
    safeguard.evidence = anyOf([...own.map(frameworkMatcher), safeguard.evidence]);
  }
}
