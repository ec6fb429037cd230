import type { Scorecard } from '../audit/scorecard.js';
import { repoPath } from '../report/repo-path.js';

/** One GitHub annotation: `core.error` or `core.warning` at a file and line. */
export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  file: string; // relative to the repository root
  startLine: number;
  startColumn: number;
}

/** Violations of this weight or more are errors; lighter ones warnings (the same split as SARIF levels). */
const ERROR_WEIGHT = 20;

/** An annotation per violation location, with paths relative to the repository root (pure). */
export function violationAnnotations(scorecard: Scorecard): Annotation[] {
  const annotations: Annotation[] = [];
  for (const capability of scorecard.capabilities) {
    for (const safeguard of capability.safeguards) {
      if (safeguard.result !== 'violated') continue;
      for (const evidence of safeguard.evidence) {
        if (evidence.file === '') continue;
        annotations.push({
          level: safeguard.weight >= ERROR_WEIGHT ? 'error' : 'warning',
          title: `${safeguard.id} (${capability.id})`,
          message: `${safeguard.title}. ${safeguard.rationale}`.trim(),
          file: repoPath(scorecard.root, evidence.file),
          startLine: evidence.line,
          startColumn: evidence.column,
        });
      }
    }
  }
  return annotations;
}
