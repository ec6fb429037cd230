import {
  FINDING_DEFAULTS,
  type Finding,
  type FindingConfidence,
  type FindingSeverity,
} from '../scorecard.js';

/** The rule-file fields that describe a violation's finding (docs/rule-language.md#finding-metadata). */
export const FINDING_FIELDS = ['severity', 'confidence', 'cwe', 'owasp-mcp', 'message'] as const;

/**
 * The finding of a violation safeguard as written (already schema-valid), with the defaults for what it leaves out:
 * a rule written before these fields existed still loads, reported as a medium-confidence warning whose message is
 * its title.
 */
export function findingOf(entry: Record<string, unknown>): Finding {
  return {
    severity: (entry.severity as FindingSeverity | undefined) ?? FINDING_DEFAULTS.severity,
    confidence: (entry.confidence as FindingConfidence | undefined) ?? FINDING_DEFAULTS.confidence,
    cwe: (entry.cwe as string[] | undefined) ?? [],
    owaspMcp: (entry['owasp-mcp'] as string[] | undefined) ?? [],
    message: (entry.message as string | undefined) ?? (entry.title as string),
  };
}
