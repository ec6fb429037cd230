import { describe, expect, test } from 'vitest';
import { compareWithBaseline, render } from '../../src/report/index.js';
import { sampleScorecard } from './sample-scorecard.js';
import { validateSarif } from './sarif-schema.js';

interface SarifResult {
  ruleId: string;
  level: string;
  baselineState?: string;
  partialFingerprints: Record<string, string>;
  locations?: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; startColumn?: number };
    };
  }[];
}
interface SarifRule {
  id: string;
  helpUri?: string;
  help: { text: string };
  defaultConfiguration: { level: string };
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { rules: SarifRule[] } }; results: SarifResult[] }[];
}

const parse = (text: string): SarifLog => JSON.parse(text) as SarifLog;
const run = (log: SarifLog) => log.runs[0]!;

describe('SARIF report', () => {
  test('validates against the official SARIF 2.1.0 schema', () => {
    const log = parse(
      render('sarif', sampleScorecard(), { docsBaseUrl: 'https://example.org/mcp-safeguard/' }),
    );
    expect(log.version).toBe('2.1.0');
    expect(validateSarif(log)).toEqual([]);
  });

  test('the schema check rejects a malformed log (the validation can fail)', () => {
    const log = parse(render('sarif', sampleScorecard())) as unknown as {
      runs: { results: { level: string }[] }[];
    };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validateSarif(log).join('\n')).toContain('/runs/0/results/0/level');
  });

  test('a scorecard compared with a baseline still validates', () => {
    const current = sampleScorecard();
    current.baseline = compareWithBaseline(current, sampleScorecard());
    expect(validateSarif(parse(render('sarif', current)))).toEqual([]);
  });

  test('has one rule per safeguard, in report order', () => {
    const ids = run(parse(render('sarif', sampleScorecard()))).tool.driver.rules.map((r) => r.id);
    const expected = sampleScorecard().capabilities.flatMap((c) => c.safeguards.map((s) => s.id));
    expect(ids).toEqual(expected);
  });

  test('rule help links to the docs anchor when an absolute docs base is known', () => {
    const rules = run(
      parse(render('sarif', sampleScorecard(), { docsBaseUrl: 'https://example.org/repo/blob/v1/' })),
    ).tool.driver.rules;
    expect(rules.find((r) => r.id === 'api-key-digest')?.helpUri).toBe(
      'https://example.org/repo/blob/v1/docs/capabilities/mcp-authz-authn.md#api-key-digest',
    );
  });

  test('without an absolute docs base, rules carry the docs path in help text and no helpUri', () => {
    const rule = run(parse(render('sarif', sampleScorecard(), { docsBaseUrl: '../' }))).tool.driver.rules[0]!;
    expect(rule.helpUri).toBeUndefined();
    expect(rule.help.text).toContain('docs/capabilities/mcp-authz-authn.md#api-key-digest');
  });

  test('default levels follow kind and weight', () => {
    const level = (id: string) =>
      run(parse(render('sarif', sampleScorecard()))).tool.driver.rules.find((r) => r.id === id)!
        .defaultConfiguration.level;
    expect(level('no-exec-from-arguments')).toBe('error'); // violation, weight 40
    expect(level('no-unbounded-retry-loop')).toBe('warning'); // violation, weight 10
    expect(level('tenant-id-tracked')).toBe('warning'); // requirement, weight 40
  });

  test('reports each violation at its exact location', () => {
    const results = run(parse(render('sarif', sampleScorecard()))).results.filter(
      (r) => r.ruleId === 'no-exec-from-arguments',
    );
    expect(results.map((r) => r.locations![0]!.physicalLocation)).toEqual([
      {
        artifactLocation: { uri: 'src/tools/shell.ts', uriBaseId: '%SRCROOT%' },
        region: expect.objectContaining({ startLine: 9, startColumn: 3 }),
      },
      {
        artifactLocation: { uri: 'src/tools/shell.ts', uriBaseId: '%SRCROOT%' },
        region: expect.objectContaining({ startLine: 15, startColumn: 3 }),
      },
    ]);
    expect(results.every((r) => r.level === 'error')).toBe(true);
  });

  test('reports a missing safeguard once, anchored to the capability key file', () => {
    const results = run(parse(render('sarif', sampleScorecard()))).results.filter(
      (r) => r.ruleId === 'jwt-audience-checked',
    );
    expect(results).toHaveLength(1);
    expect(results[0]!.locations![0]!.physicalLocation.artifactLocation.uri).toBe('src/auth/api-keys.ts');
  });

  test('a missing safeguard of a capability without evidence is anchored to the most evidenced file of the audit', () => {
    const result = run(parse(render('sarif', sampleScorecard()))).results.find(
      (r) => r.ruleId === 'tenant-id-tracked',
    );
    expect(result!.locations![0]!.physicalLocation.artifactLocation.uri).toBe('src/auth/api-keys.ts');
  });

  test('does not report satisfied safeguards', () => {
    const ruleIds = run(parse(render('sarif', sampleScorecard()))).results.map((r) => r.ruleId);
    expect(ruleIds).not.toContain('api-key-digest');
  });

  test('joins the audited root to evidence paths so that they are relative to the repository root', () => {
    const scorecard = { ...sampleScorecard(), root: 'packages/server' };
    const uris = run(parse(render('sarif', scorecard))).results.map(
      (r) => r.locations![0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toContain('packages/server/src/tools/shell.ts');
    expect(uris.every((u) => u.startsWith('packages/server/'))).toBe(true);
  });

  test('fingerprints do not change when a violation moves to another line', () => {
    const fingerprints = (text: string) =>
      parse(text).runs[0]!.results.map((r) => Object.values(r.partialFingerprints)[0]);
    const moved = sampleScorecard();
    for (const evidence of moved.capabilities[1]!.safeguards[1]!.evidence) evidence.line += 30;
    expect(fingerprints(render('sarif', moved))).toEqual(fingerprints(render('sarif', sampleScorecard())));
  });

  test('identical snippets in one file get distinct fingerprints', () => {
    const prints = run(parse(render('sarif', sampleScorecard())))
      .results.filter((r) => r.ruleId === 'no-exec-from-arguments')
      .map((r) => Object.values(r.partialFingerprints)[0]);
    expect(new Set(prints).size).toBe(2);
  });

  test('marks violations new or unchanged against a baseline', () => {
    const baseline = sampleScorecard();
    baseline.capabilities[1]!.safeguards[1]!.evidence.pop();
    const current = sampleScorecard();
    current.baseline = compareWithBaseline(current, baseline);
    const states = run(parse(render('sarif', current)))
      .results.filter((r) => r.ruleId === 'no-exec-from-arguments')
      .map((r) => r.baselineState);
    expect(states.sort()).toEqual(['new', 'unchanged']);
  });

  test('renders the same bytes for the same scorecard', () => {
    expect(render('sarif', sampleScorecard())).toBe(render('sarif', sampleScorecard()));
  });
});
