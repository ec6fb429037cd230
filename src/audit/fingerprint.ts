import { createHash } from 'node:crypto';
import type { SourceText } from './project/load.js';
import type { RuleSet } from './rules/types.js';

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** Digest of the effective rule set: every capability and safeguard as written, with config overrides applied. */
export function rulesFingerprint(ruleSet: RuleSet, thresholds: ReadonlyMap<string, number>): string {
  return sha256(
    canonicalJson(
      ruleSet.capabilities.map((c) => ({
        capability: c.id,
        title: c.title,
        summary: c.summary,
        threshold: thresholds.get(c.id),
        safeguards: c.safeguards.map((s) => ({ ...s.source, weight: s.weight })),
      })),
    ),
  );
}

/** Digest of the audited sources: sorted relative paths and the digests of their bytes. */
export function sourcesFingerprint(files: readonly SourceText[]): string {
  return sha256(files.map((f) => `${f.path}\u0000${f.digest}\n`).join(''));
}
