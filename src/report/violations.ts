import type { Scorecard, ViolationRef } from '../audit/scorecard.js';

/** Every violation location in a scorecard, sorted by safeguard, file, line. */
export function violationsOf(scorecard: Scorecard): ViolationRef[] {
  const refs: ViolationRef[] = [];
  for (const capability of scorecard.capabilities) {
    for (const safeguard of capability.safeguards) {
      if (safeguard.result !== 'violated') continue;
      for (const evidence of safeguard.evidence) {
        refs.push({
          safeguard: safeguard.id,
          file: evidence.file,
          line: evidence.line,
          snippet: evidence.snippet,
        });
      }
    }
  }
  return refs.sort(compareViolations);
}

/**
 * Identity of a violation across runs: safeguard + file + snippet, not the line, so that code moving up or down
 * does not make an old violation look new.
 */
export function violationKey(ref: ViolationRef): string {
  return `${ref.safeguard}\u0000${ref.file}\u0000${ref.snippet}`;
}

/** Order violations by safeguard, file, then line. */
export function compareViolations(a: ViolationRef, b: ViolationRef): number {
  return compareText(a.safeguard, b.safeguard) || compareText(a.file, b.file) || a.line - b.line;
}

/** Locale-independent string order (code units), so that output does not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
