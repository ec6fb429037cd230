/**
 * A realistic Scorecard for renderer tests, shaped like an audit of a small MCP server: three capabilities (one
 * passing, one partial with a violation, one absent), evidence with real-looking snippets, a suppression and a
 * diagnostic. Tests copy and change it to state the case they need. The scores are the ones the status contract
 * (docs/scoring.md) gives these safeguards, so that the sample never shows a score the engine cannot produce.
 */
import type { CapabilityResult, SafeguardResult, Scorecard } from '../../src/audit/scorecard.js';

function safeguard(
  partial: Partial<SafeguardResult> & Pick<SafeguardResult, 'id' | 'result'>,
): SafeguardResult {
  return {
    title: partial.id.replace(/-/g, ' '),
    rationale: `Rationale of ${partial.id}.`,
    kind: 'requirement',
    core: true,
    weight: 20,
    docs: `docs/capabilities/cap.md#${partial.id}`,
    evidence: [],
    ...partial,
  };
}

// Every core safeguard satisfied, one of two hardening (10 of 30): 70 + 30 × 10/30 = 80, present.
const authz: CapabilityResult = {
  id: 'mcp-authz-authn',
  title: 'Authentication and authorization',
  summary: 'Every request is authenticated and checked against the caller roles before a tool runs.',
  score: 80,
  status: 'present',
  threshold: 70,
  safeguards: [
    safeguard({
      id: 'api-key-digest',
      title: 'API keys are stored as digests',
      weight: 30,
      result: 'satisfied',
      docs: 'docs/capabilities/mcp-authz-authn.md#api-key-digest',
      evidence: [
        {
          file: 'src/auth/api-keys.ts',
          line: 12,
          column: 3,
          snippet: "const digest = createHash('sha256').update(key).digest('hex');",
        },
        { file: 'src/auth/api-keys.ts', line: 40, column: 10, snippet: 'return timingSafeEqual(a, b);' },
      ],
    }),
    safeguard({
      id: 'roles-to-permissions',
      title: 'Roles map to permissions',
      weight: 30,
      result: 'satisfied',
      docs: 'docs/capabilities/mcp-authz-authn.md#roles-to-permissions',
      evidence: [
        {
          file: 'src/auth/roles.ts',
          line: 7,
          column: 1,
          snippet: 'export function permissionsOf(roles: string[]) {',
        },
      ],
    }),
    safeguard({
      id: 'jwt-audience-checked',
      title: 'JWT audience is checked',
      core: false,
      weight: 20,
      result: 'missing',
      docs: 'docs/capabilities/mcp-authz-authn.md#jwt-audience-checked',
    }),
    safeguard({
      id: 'password-bcrypt',
      title: 'Passwords are hashed with bcrypt',
      core: false,
      weight: 10,
      result: 'satisfied',
      evidence: [
        { file: 'src/auth/passwords.ts', line: 3, column: 1, snippet: "import bcrypt from 'bcryptjs';" },
      ],
    }),
  ],
};

// One of two core safeguards: 1 + 68 × 30/60 = 35, less the violated retry loop's 10: 25, partial.
const rate: CapabilityResult = {
  id: 'mcp-rate-limiting',
  title: 'Rate limiting',
  summary: 'Requests are throttled per principal, tenant and endpoint before a tool runs.',
  score: 25,
  status: 'partial',
  threshold: 70,
  safeguards: [
    safeguard({
      id: 'rate-limiter-present',
      title: 'A rate limiter guards request handling',
      weight: 30,
      result: 'satisfied',
      evidence: [
        { file: 'src/limits/limiter.ts', line: 5, column: 1, snippet: 'export class TokenBucket {' },
      ],
    }),
    safeguard({
      id: 'limit-before-execution',
      title: 'The limit is checked before the tool runs',
      weight: 30,
      result: 'missing',
    }),
    safeguard({
      id: 'no-unbounded-retry-loop',
      title: 'No unbounded retry loop',
      kind: 'violation',
      core: false,
      weight: 10,
      result: 'violated',
      evidence: [
        { file: 'src/tools/fetch.ts', line: 22, column: 5, snippet: 'while (true) { await retry(); }' },
      ],
      finding: {
        severity: 'warning',
        confidence: 'medium',
        cwe: ['CWE-835'],
        owaspMcp: [],
        message: 'A retry loop has no bound',
      },
    }),
  ],
};

// No core safeguard satisfied: absent with 0 (the violation cannot lower it further).
const context: CapabilityResult = {
  id: 'mcp-context',
  title: 'Context management',
  summary: 'Tenant, principal and request id travel with every request.',
  score: 0,
  status: 'absent',
  threshold: 70,
  safeguards: [
    safeguard({
      id: 'tenant-id-tracked',
      title: 'A tenant id travels with each request',
      weight: 40,
      result: 'missing',
    }),
    safeguard({
      id: 'no-exec-from-arguments',
      title: 'No shell command built from tool arguments',
      kind: 'violation',
      core: false,
      weight: 40,
      result: 'violated',
      evidence: [
        {
          file: 'src/tools/shell.ts',
          line: 9,
          column: 3,
          snippet: 'exec(`ls ${args.dir}`);',
          // A taint path across two modules: the tool argument enters in server.ts and reaches exec in shell.ts.
          path: [
            {
              file: 'src/server.ts',
              line: 30,
              column: 42,
              snippet: "server.registerTool('list', { inputSchema }, async (args) => listDir(args));",
              note: 'tool argument `args` enters',
            },
            {
              file: 'src/tools/shell.ts',
              line: 8,
              column: 26,
              snippet: 'export function listDir(args: { dir: string }) {',
              note: 'passed to listDir() as `args`',
            },
            {
              file: 'src/tools/shell.ts',
              line: 9,
              column: 3,
              snippet: 'exec(`ls ${args.dir}`);',
              note: '`args.dir` reaches exec()',
            },
          ],
        },
        { file: 'src/tools/shell.ts', line: 15, column: 3, snippet: 'exec(`ls ${args.dir}`);' },
      ],
      finding: {
        severity: 'error',
        confidence: 'high',
        cwe: ['CWE-78'],
        owaspMcp: ['MCP05:2025'],
        message: 'Tool input reaches a shell command',
      },
    }),
  ],
};

/** A fresh copy of the sample scorecard (callers may mutate it). */
export function sampleScorecard(): Scorecard {
  const scorecard: Scorecard = {
    schemaVersion: 3,
    tool: { name: 'mcp-safeguard', version: '0.1.0' },
    fingerprint: { rules: 'sha256:aaaa', sources: 'sha256:bbbb' },
    threshold: 70,
    files: { audited: 9, lines: 812, excluded: [] },
    capabilities: [authz, context, rate],
    // round-half-up((80 + 0 + 25) / 3) = 35
    overall: {
      score: 35,
      passing: 1,
      total: 3,
      inconclusive: 0,
      allowInconclusive: false,
      gate: 'fail',
      gateMode: 'capability',
    },
    suppressions: [
      {
        safeguard: 'no-exec-from-arguments',
        file: 'src/tools/admin.ts',
        line: 4,
        reason: 'admin-only, fixed command',
      },
    ],
    diagnostics: [
      {
        severity: 'warning',
        code: 'parse-error',
        message: "';' expected.",
        file: 'src/broken.ts',
        line: 3,
        column: 7,
      },
    ],
  };
  return structuredClone(scorecard);
}
