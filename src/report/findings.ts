import {
  FINDING_DEFAULTS,
  type CapabilityResult,
  type Evidence,
  type Finding,
  type SafeguardResult,
  type Scorecard,
} from '../audit/scorecard.js';
import { compareText } from './violations.js';

/** One violation at one place: what every finding list (console, SARIF, Markdown, annotations) shows. */
export interface LocatedFinding {
  capability: CapabilityResult;
  safeguard: SafeguardResult;
  finding: Finding;
  evidence: Evidence;
}

/** A violation safeguard's finding; an audit.json of schema 2 has none, so the rule-language defaults stand in. */
export function findingOf(safeguard: SafeguardResult): Finding {
  return (
    safeguard.finding ?? {
      severity: FINDING_DEFAULTS.severity,
      confidence: FINDING_DEFAULTS.confidence,
      cwe: [],
      owaspMcp: [],
      message: safeguard.title,
    }
  );
}

/**
 * Every located violation of a scorecard, once per rule and place (file, line, column), in file, line, column and
 * rule order. Evidence without a file (a project-wide fact) has no place to show and is left out.
 */
export function findingsOf(scorecard: Scorecard): LocatedFinding[] {
  const found: LocatedFinding[] = [];
  const seen = new Set<string>();
  for (const capability of scorecard.capabilities) {
    for (const safeguard of capability.safeguards) {
      if (safeguard.result !== 'violated') continue;
      const finding = findingOf(safeguard);
      for (const evidence of safeguard.evidence) {
        if (evidence.file === '') continue;
        const place = `${safeguard.id}\u0000${evidence.file}\u0000${evidence.line}\u0000${evidence.column}`;
        if (seen.has(place)) continue;
        seen.add(place);
        found.push({ capability, safeguard, finding, evidence });
      }
    }
  }
  return found.sort(
    (a, b) =>
      compareText(a.evidence.file, b.evidence.file) ||
      a.evidence.line - b.evidence.line ||
      a.evidence.column - b.evidence.column ||
      compareText(a.safeguard.id, b.safeguard.id),
  );
}
