import type { CapabilityResult, CapabilityStatus, Evidence } from '../audit/scorecard.js';
import { compareText } from './violations.js';

/** Capabilities whose safeguards make up the security posture (authentication, rate limiting, tenant context). */
export const SECURITY_CAPABILITIES = ['mcp-authz-authn', 'mcp-rate-limiting', 'mcp-context'] as const;

/**
 * Production ready: the capability meets its threshold and none of its safeguards is violated. A score can clear the
 * threshold while a violation (say, command injection) is still in the code; that capability is not ready.
 */
export function isProductionReady(capability: CapabilityResult): boolean {
  return capability.status === 'present' && !capability.safeguards.some((s) => s.result === 'violated');
}

/** Human wording of a capability status, with the marker the summary and job summary use. */
export function statusLabel(status: CapabilityStatus): string {
  switch (status) {
    case 'present':
      return '✅ present';
    case 'partial':
      return '⚠️ partial';
    case 'absent':
      return '❌ absent';
    case 'not-applicable':
      return '➖ not applicable';
    case 'inconclusive':
      return '❔ inconclusive';
  }
}

/** A capability's score as shown to people: `n/a` or `?` for the statuses that carry none. */
export function scoreText(capability: Pick<CapabilityResult, 'score' | 'status'>): string {
  if (capability.score !== null) return `${capability.score}%`;
  return capability.status === 'inconclusive' ? '?' : 'n/a';
}

/** A file and how many evidence locations of a capability point into it. */
export interface KeyFile {
  file: string;
  matches: number;
}

/** The files where a capability's satisfied safeguards were found, most evidence first, then by path. */
export function keyFiles(capability: CapabilityResult, limit = 5): KeyFile[] {
  const counts = new Map<string, number>();
  for (const safeguard of capability.safeguards) {
    if (safeguard.result !== 'satisfied') continue;
    for (const evidence of safeguard.evidence) {
      if (evidence.file !== '') counts.set(evidence.file, (counts.get(evidence.file) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([file, matches]) => ({ file, matches }))
    .sort((a, b) => b.matches - a.matches || compareText(a.file, b.file))
    .slice(0, limit);
}

/** `file:line` of an evidence location. */
export function locationText(evidence: Evidence): string {
  return `${evidence.file}:${evidence.line}`;
}
