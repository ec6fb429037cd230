import type { SafeguardKind } from '../scorecard.js';
import type { Matcher } from '../matchers/types.js';

/** A safeguard as loaded and compiled from a rule file. */
export interface Safeguard {
  id: string;
  title: string;
  rationale: string;
  weight: number;
  kind: SafeguardKind;
  docs: string;
  files: string[] | undefined;
  exclude: string[] | undefined;
  appliesWhen: Matcher | undefined;
  evidence: Matcher;
  /** The safeguard as written (for fingerprints and `rules explain`). */
  source: Record<string, unknown>;
}

/** One rule file: a capability and its safeguards, in file order. */
export interface Capability {
  id: string;
  title: string;
  summary: string;
  threshold: number | undefined;
  file: string; // rule file as shown to people
  bundled: boolean;
  safeguards: Safeguard[];
}

/** Every loaded capability, sorted by id. */
export interface RuleSet {
  capabilities: Capability[];
}
