import path from 'node:path';
import type { Scorecard } from '../audit/scorecard.js';

/**
 * An evidence path (relative to the audited folder) as a path relative to the repository root, when the scorecard
 * knows where the audited folder sits (`root`); otherwise unchanged.
 */
export function repoPath(root: string | undefined, file: string): string {
  return root && root !== '.' && file !== '' ? path.posix.join(root, file) : file;
}

/**
 * The scorecard with every file path (evidence and its taint path, suppressions, diagnostics, baseline) relative to
 * the repository.
 */
export function withRepoPaths(scorecard: Scorecard): Scorecard {
  const { root } = scorecard;
  if (!root || root === '.') return scorecard;
  const move = <T extends { file: string }>(item: T): T => ({ ...item, file: repoPath(root, item.file) });
  return {
    ...scorecard,
    capabilities: scorecard.capabilities.map((capability) => ({
      ...capability,
      safeguards: capability.safeguards.map((safeguard) => ({
        ...safeguard,
        evidence: safeguard.evidence.map((evidence) => ({
          ...move(evidence),
          ...(evidence.path ? { path: evidence.path.map(move) } : {}),
        })),
      })),
    })),
    suppressions: scorecard.suppressions.map(move),
    diagnostics: scorecard.diagnostics.map((d) => (d.file ? { ...d, file: repoPath(root, d.file) } : d)),
    ...(scorecard.baseline
      ? {
          baseline: {
            ...scorecard.baseline,
            newViolations: scorecard.baseline.newViolations.map(move),
            fixedViolations: scorecard.baseline.fixedViolations.map(move),
          },
        }
      : {}),
  };
}
