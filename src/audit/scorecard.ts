/**
 * The Scorecard: the one object every report is rendered from (audit.json is its serialisation).
 * Shape is versioned by `schemaVersion` and described by docs/report.schema.json.
 */

export const SCORECARD_SCHEMA_VERSION = 1;

/** The ten capabilities the bundled rule pack scores. User rule files may add others. */
export const CAPABILITY_IDS = [
  'mcp-protocol-surface',
  'mcp-schema-validation',
  'mcp-tooling-registry',
  'mcp-error-handling',
  'mcp-authz-authn',
  'mcp-versioning',
  'mcp-rate-limiting',
  'mcp-observability',
  'mcp-context',
  'mcp-server',
] as const;

export type SafeguardKind = 'requirement' | 'violation';
export type SafeguardOutcome = 'satisfied' | 'missing' | 'violated' | 'not-applicable';
/** `not-applicable` only when no safeguard of the capability applies; it then leaves the overall mean. */
export type CapabilityStatus = 'present' | 'partial' | 'absent' | 'not-applicable';
export type GateMode = 'capability' | 'average' | 'none';
export type Gate = 'pass' | 'fail';

/** A place in the audited sources. Paths are relative to the audited root and `/`-separated. */
export interface Evidence {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  snippet: string; // the matched line, trimmed, secrets masked
}

export interface SafeguardResult {
  id: string;
  title: string;
  rationale: string;
  kind: SafeguardKind;
  weight: number;
  docs: string; // docs anchor, e.g. docs/capabilities/mcp-rate-limiting.md#rate-limiter-present
  result: SafeguardOutcome;
  evidence: Evidence[]; // satisfying locations, or violation locations; sorted by file, line, column
}

export interface CapabilityResult {
  id: string;
  title: string;
  summary: string;
  score: number; // integer 0..100
  status: CapabilityStatus;
  threshold: number; // integer 0..100
  safeguards: SafeguardResult[]; // in rule-file order
}

export interface Suppression {
  safeguard: string;
  file: string;
  line: number;
  reason: string;
}

export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  code: string; // e.g. parse-error, unreadable-file, file-too-large, non-utf8
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface Overall {
  score: number; // integer mean of applicable capability scores, round-half-up
  passing: number; // capabilities at or above their threshold
  total: number; // applicable capabilities
  gate: Gate;
  gateMode: GateMode;
}

export interface CapabilityDelta {
  id: string;
  before: number | null; // null: capability absent from the baseline
  after: number;
  delta: number;
}

export interface ViolationRef {
  safeguard: string;
  file: string;
  line: number;
  snippet: string;
}

/** Present when the audit was compared with a baseline audit.json. */
export interface BaselineComparison {
  overallBefore: number;
  overallDelta: number;
  capabilities: CapabilityDelta[];
  newViolations: ViolationRef[];
  fixedViolations: ViolationRef[];
  regressed: boolean; // some capability score dropped
}

export interface Scorecard {
  schemaVersion: typeof SCORECARD_SCHEMA_VERSION;
  tool: { name: string; version: string };
  /** ISO time, only when SOURCE_DATE_EPOCH is set, so that reports stay byte-identical by default. */
  generatedAt?: string;
  fingerprint: { rules: string; sources: string }; // "sha256:<hex>"
  /**
   * The audited folder relative to the repository (or working) root, `/`-separated, `.` for the root itself; when
   * known, SARIF joins it to evidence paths so that code scanning finds the files. Never absolute.
   */
  root?: string;
  threshold: number;
  files: { audited: number; lines: number };
  capabilities: CapabilityResult[]; // sorted by id
  overall: Overall;
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
  baseline?: BaselineComparison;
}
