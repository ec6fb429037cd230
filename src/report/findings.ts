import {
  FINDING_DEFAULTS,
  type CapabilityResult,
  type Evidence,
  type Finding,
  type SafeguardResult,
  type Scorecard,
} from '../audit/scorecard.js';
import { sentence } from './sentence.js';
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
 * Every located violation of a scorecard, once per rule and line, in file, line, column and rule order. Two matches
 * of one rule on one line (`sessionIdGenerator: () => Math.random()` matches at the key and at the call) are one
 * problem to a reader and one alert to code scanning: the one with a taint path is kept, else the leftmost. Evidence
 * without a file (a project-wide fact) has no place to show and is left out.
 */
export function findingsOf(scorecard: Scorecard): LocatedFinding[] {
  const found = new Map<string, LocatedFinding>();
  for (const capability of scorecard.capabilities) {
    for (const safeguard of capability.safeguards) {
      if (safeguard.result !== 'violated') continue;
      const finding = findingOf(safeguard);
      for (const evidence of safeguard.evidence) {
        if (evidence.file === '') continue;
        const line = `${safeguard.id}\u0000${evidence.file}\u0000${evidence.line}`;
        const kept = found.get(line);
        if (kept && !preferred(evidence, kept.evidence)) continue;
        found.set(line, { capability, safeguard, finding, evidence });
      }
    }
  }
  return [...found.values()].sort(
    (a, b) =>
      compareText(a.evidence.file, b.evidence.file) ||
      a.evidence.line - b.evidence.line ||
      a.evidence.column - b.evidence.column ||
      compareText(a.safeguard.id, b.safeguard.id),
  );
}

// Of two matches on one line: the one that shows how the value got there, then the leftmost.
function preferred(candidate: Evidence, kept: Evidence): boolean {
  const hasPath = (e: Evidence): boolean => (e.path?.length ?? 0) > 0;
  if (hasPath(candidate) !== hasPath(kept)) return hasPath(candidate);
  return candidate.column < kept.column;
}

/**
 * How to fix a violation, from its safeguard's title, which states the wanted state of the code ("Tool input is not
 * spliced into a shell command"): "To fix it, make sure tool input is not spliced into a shell command."
 */
export function remedyOf(safeguard: SafeguardResult): string {
  const title = safeguard.title.trim();
  if (title === '') return '';
  // Lower-case the first word unless it is an acronym or a name (`JWTs`, `CORS`, `URLs`, `API keys`).
  const first = /^[A-Z][a-z]|^[A-Z](?=\s)/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
  return sentence(`To fix it, make sure ${first}`);
}

/** A finding as a code-scanning alert or annotation reads it: the problem, then how to fix it. */
export function problemAndRemedy(located: Pick<LocatedFinding, 'finding' | 'safeguard'>): string {
  return `${sentence(located.finding.message)} ${remedyOf(located.safeguard)}`.trim();
}

/** How many findings of each severity an audit reports. */
export function countFindings(findings: readonly LocatedFinding[]): Record<Finding['severity'], number> {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.finding.severity] += 1;
  return counts;
}
