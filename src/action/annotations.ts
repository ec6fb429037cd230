import type { FindingSeverity, Scorecard } from '../audit/scorecard.js';
import { findingsOf, problemAndRemedy } from '../report/findings.js';
import { repoPath } from '../report/repo-path.js';

/** One GitHub annotation: `core.error`, `core.warning` or `core.notice` at a file and line. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
  file: string; // relative to the repository root
  startLine: number;
  startColumn: number;
}

/** GitHub's annotation levels for our severities (its third level is called notice). */
const LEVEL: Record<FindingSeverity, Annotation['level']> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
};

/**
 * An annotation per located finding, once per rule and place, with paths relative to the repository root (pure).
 * The text states the problem (the finding's message), how to fix it, and why it matters (the rationale).
 */
export function violationAnnotations(scorecard: Scorecard): Annotation[] {
  return findingsOf(scorecard).map(({ capability, safeguard, finding, evidence }) => ({
    level: LEVEL[finding.severity],
    title: `${safeguard.id} (${capability.id})`,
    message: `${problemAndRemedy({ finding, safeguard })} ${safeguard.rationale}`.trim(),
    file: repoPath(scorecard.root, evidence.file),
    startLine: evidence.line,
    startColumn: evidence.column,
  }));
}
