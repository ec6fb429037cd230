/**
 * The Scorecard: the one object every report is rendered from (audit.json is its serialisation).
 * Shape is versioned by `schemaVersion` and described by docs/report.schema.json.
 */

export const SCORECARD_SCHEMA_VERSION = 3;

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
/**
 * What a capability status means is the contract in docs/scoring.md: core safeguards decide `present` / `partial` /
 * `absent`; `not-applicable` (the capability's precondition does not hold) and `inconclusive` (core evidence is
 * missing and files that could hold it were not analysed) carry no score and leave the averages.
 */
export type CapabilityStatus = 'present' | 'partial' | 'absent' | 'not-applicable' | 'inconclusive';
/** The statuses that carry a score and enter the averages. */
export const SCORED_STATUSES: readonly CapabilityStatus[] = ['present', 'partial', 'absent'];
export type GateMode = 'capability' | 'average' | 'none';
export type Gate = 'pass' | 'fail';

/** A place in the audited sources. Paths are relative to the audited root and `/`-separated. */
export interface Evidence {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  snippet: string; // the matched line, trimmed, secrets masked
  /** When a framework provides the safeguard here: which one, its package and version, and what it does. */
  framework?: { name: string; package: string; version: string; because: string };
  /** For a taint finding: how the value travelled, from where it entered (first) to the sink (last, this place). */
  path?: FlowStep[];
}

/** One step of a taint path: a place and what happened to the value there. */
export interface FlowStep {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  snippet: string; // the line, trimmed, secrets masked
  note: string; // e.g. "tool argument `path` enters", "passed to readFile()"
}

export type FindingSeverity = 'error' | 'warning' | 'note';
export type FindingConfidence = 'high' | 'medium' | 'low';

/**
 * How a violation is reported when it is found, as users of CodeQL and Semgrep expect: how bad, how sure, which
 * weaknesses (CWE ids) and OWASP MCP Top 10 risks, and a message that states the problem.
 */
export interface Finding {
  severity: FindingSeverity;
  confidence: FindingConfidence;
  cwe: string[]; // e.g. ["CWE-78"]
  owaspMcp: string[]; // e.g. ["MCP05:2025"]
  message: string; // the problem, e.g. "Tool input reaches a shell command"
}

/** What a violation's finding says when its rule leaves a field out (a rule written before finding metadata). */
export const FINDING_DEFAULTS = { severity: 'warning', confidence: 'medium' } as const;

export interface SafeguardResult {
  id: string;
  title: string;
  rationale: string;
  kind: SafeguardKind;
  /** A core safeguard decides the capability's status; the others (hardening) place the score inside its band. */
  core: boolean;
  weight: number;
  docs: string; // docs anchor, e.g. docs/capabilities/mcp-rate-limiting.md#rate-limiter-present
  result: SafeguardOutcome;
  evidence: Evidence[]; // satisfying locations, or violation locations; sorted by file, line, column
  /** Every `kind: violation` safeguard has one (defaults filled in); requirements have none. */
  finding?: Finding;
}

export interface CapabilityResult {
  id: string;
  title: string;
  summary: string;
  /** Integer 0..100; null when the status is `not-applicable` or `inconclusive` (never a score for nothing). */
  score: number | null;
  status: CapabilityStatus;
  /** Why the capability is `not-applicable` or `inconclusive`; absent otherwise. */
  reason?: string;
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
  score: number; // integer mean of the scored capabilities' scores, round-half-up
  passing: number; // scored capabilities at or above their threshold
  total: number; // scored capabilities (not-applicable and inconclusive ones are left out)
  inconclusive: number; // capabilities that could not be decided; the gate fails on them unless allowed
  allowInconclusive: boolean;
  gate: Gate;
  gateMode: GateMode;
}

export interface CapabilityDelta {
  id: string;
  before: number | null; // null: capability absent from the baseline, or unscored there
  after: number | null; // null: unscored now (not-applicable or inconclusive)
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
  /**
   * The MCP server that was audited: its package name, its folder relative to the audit's target, why the audit
   * takes it for a server, and the workspace packages it depends on whose sources were audited with it.
   */
  server?: { name: string; folder: string; reasons: string[]; workspaceDependencies: string[] };
  threshold: number;
  /** What was read, and every source file found but left out with its reason (docs/scope.md), in path order. */
  files: { audited: number; lines: number; excluded: { path: string; reason: string }[] };
  capabilities: CapabilityResult[]; // sorted by id
  overall: Overall;
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
  baseline?: BaselineComparison;
}
