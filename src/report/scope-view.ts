import type { Scorecard } from '../audit/scorecard.js';
import { mdCode } from './markdown-text.js';
import { repoPath } from './repo-path.js';

/** The "What was audited" section: how much was read, and what was left out, counted by reason and listed. */
export interface ScopeView {
  auditedLine: string;
  counts: string[][]; // [reason, files], most files first
  excluded: string[];
  excludedMore: number;
}

// A repository full of tests or build output can leave out thousands of files; audit.json keeps them all.
const MAX_LISTED = 200;

/** The view of the scope section; null for a report written before audits recorded what they left out. */
export function scopeView(scorecard: Scorecard): ScopeView | null {
  // Reports saved by earlier versions have no `excluded`; say nothing rather than "nothing was left out".
  const excluded = (scorecard.files as Partial<Scorecard['files']>).excluded;
  if (!excluded) return null;
  const perReason = new Map<string, number>();
  for (const { reason } of excluded) perReason.set(reason, (perReason.get(reason) ?? 0) + 1);
  const counts = [...perReason]
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, n]) => [mdCode(reason, true), String(n)]);
  const { audited, lines } = scorecard.files;
  return {
    auditedLine:
      `${audited} source file${audited === 1 ? '' : 's'} (${lines} lines) audited; ` +
      (excluded.length === 0
        ? 'no source file was left out.'
        : `${excluded.length} left out, each for the reason below (\`--include GLOB\` brings files back).`),
    counts,
    excluded: excluded
      .slice(0, MAX_LISTED)
      .map((e) => `${mdCode(repoPath(scorecard.root, e.path))} (${e.reason})`),
    excludedMore: Math.max(0, excluded.length - MAX_LISTED),
  };
}
