import type { SuppressionComment } from '../facts/types.js';
import type { Match } from '../matchers/types.js';
import type { Diagnostic, Evidence, SafeguardOutcome, Suppression } from '../scorecard.js';
import type { Safeguard } from '../rules/types.js';
import { locate, sortEvidence } from './evidence.js';

/** A safeguard's verdict before it is placed in a capability. */
export interface Judgement {
  result: SafeguardOutcome;
  evidence: Evidence[];
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
}

/**
 * Turns matches into a verdict (docs/rule-language.md "Results"): a requirement is satisfied by any match; a
 * violation is violated by any match not suppressed by a `// safeguard-ignore <id>: <reason>` on its line or the
 * line above. `appliesWhen` is undefined when the safeguard has no `applies-when`.
 */
export function judgeSafeguard(
  safeguard: Pick<Safeguard, 'id' | 'kind'>,
  appliesWhen: readonly Match[] | undefined,
  matches: readonly Match[],
  suppressionsOf: (file: string) => readonly SuppressionComment[],
): Judgement {
  if (appliesWhen !== undefined && appliesWhen.length === 0) {
    return { result: 'not-applicable', evidence: [], suppressions: [], diagnostics: [] };
  }
  const located = sortEvidence(matches.map(locate).filter((e): e is Evidence => e !== undefined));
  if (safeguard.kind === 'requirement') {
    return {
      result: matches.length > 0 ? 'satisfied' : 'missing',
      evidence: located,
      suppressions: [],
      diagnostics: [],
    };
  }
  const suppressions: Suppression[] = [];
  const diagnostics: Diagnostic[] = [];
  const violations: Evidence[] = [];
  let placeless = false;
  for (const match of matches) if (!match.file) placeless = true;
  for (const evidence of located) {
    const comment = suppressionsOf(evidence.file).find(
      (s) => s.safeguard === safeguard.id && (s.line === evidence.line || s.line === evidence.line - 1),
    );
    if (comment && comment.reason !== '') {
      suppressions.push({
        safeguard: safeguard.id,
        file: evidence.file,
        line: evidence.line,
        reason: comment.reason,
      });
      continue;
    }
    if (comment) {
      diagnostics.push({
        severity: 'warning',
        code: 'suppression-without-reason',
        message: `safeguard-ignore ${safeguard.id} needs a reason after a colon; the violation still counts`,
        file: evidence.file,
        line: comment.line,
      });
    }
    violations.push(evidence);
  }
  const violated = violations.length > 0 || placeless;
  return { result: violated ? 'violated' : 'satisfied', evidence: violations, suppressions, diagnostics };
}
