import type { Finding, SafeguardKind } from '../scorecard.js';
import type { Matcher } from '../matchers/types.js';

/** A safeguard as loaded and compiled from a rule file. */
export interface Safeguard {
  id: string;
  title: string;
  rationale: string;
  weight: number;
  kind: SafeguardKind;
  /** Decides the capability's status (docs/scoring.md); the others are hardening that places the score. */
  core: boolean;
  docs: string;
  /** How a violation is reported (defaults filled in); undefined for a requirement. */
  finding: Finding | undefined;
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
  /** Why the capability does not apply when none of its core safeguards applies (shown with the status). */
  notApplicable: string | undefined;
  threshold: number | undefined;
  file: string; // rule file as shown to people
  bundled: boolean;
  safeguards: Safeguard[];
}

/** Every loaded capability, sorted by id. */
export interface RuleSet {
  capabilities: Capability[];
}
