import { describe, expect, test } from 'vitest';
import { BUNDLED_RULES_DIR, loadRuleSet } from '../../src/audit/index.js';
import { compareWithBaseline, render } from '../../src/report/index.js';
import { CWE, OWASP_MCP } from '../../src/report/taxonomies.js';
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

  test('has one rule per violation safeguard, in report order', () => {
    const ids = run(parse(render('sarif', sampleScorecard()))).tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual(['no-exec-from-arguments', 'no-unbounded-retry-loop']);
  });

  test('rule help links to the docs anchor when an absolute docs base is known', () => {
    const rules = run(
      parse(render('sarif', sampleScorecard(), { docsBaseUrl: 'https://example.org/repo/blob/v1/' })),
    ).tool.driver.rules;
    expect(rules.find((r) => r.id === 'no-exec-from-arguments')?.helpUri).toBe(
      'https://example.org/repo/blob/v1/docs/capabilities/cap.md#no-exec-from-arguments',
    );
  });

  test('without an absolute docs base, rules carry the docs path in help text and no helpUri', () => {
    const rule = run(parse(render('sarif', sampleScorecard(), { docsBaseUrl: '../' }))).tool.driver.rules[0]!;
    expect(rule.helpUri).toBeUndefined();
    expect(rule.help.text).toContain('docs/capabilities/cap.md#no-exec-from-arguments');
  });

  test("default levels are the findings' severities", () => {
    const level = (id: string) =>
      run(parse(render('sarif', sampleScorecard()))).tool.driver.rules.find((r) => r.id === id)!
        .defaultConfiguration.level;
    expect(level('no-exec-from-arguments')).toBe('error');
    expect(level('no-unbounded-retry-loop')).toBe('warning');
  });

  test('rules carry a SARIF-style name, descriptions, precision and security-severity', () => {
    const rule = run(parse(render('sarif', sampleScorecard()))).tool.driver.rules[0]! as unknown as {
      name: string;
      shortDescription: { text: string };
      fullDescription: { text: string };
      properties: Record<string, unknown>;
    };
    expect(rule.name).toBe('NoExecFromArguments');
    expect(rule.shortDescription.text).toBe('Tool input reaches a shell command.');
    expect(rule.fullDescription.text).toBe(
      'No shell command built from tool arguments. Rationale of no-exec-from-arguments.',
    );
    expect(rule.properties).toMatchObject({
      precision: 'high',
      'security-severity': '8.0',
      tags: ['security', 'mcp-context', 'external/cwe/cwe-78', 'MCP05:2025'],
    });
  });

  test("a result's message is its finding's message, then how to fix it from the safeguard's title", () => {
    const results = run(parse(render('sarif', sampleScorecard()))).results as unknown as {
      ruleId: string;
      message: { text: string };
    }[];
    expect(results.find((r) => r.ruleId === 'no-exec-from-arguments')!.message.text).toBe(
      'Tool input reaches a shell command. To fix it, make sure no shell command built from tool arguments.',
    );
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

  test('a taint path becomes a code flow: each step located, with its note, source first', () => {
    const result = run(parse(render('sarif', sampleScorecard()))).results.find(
      (r) =>
        r.ruleId === 'no-exec-from-arguments' && r.locations![0]!.physicalLocation.region.startLine === 9,
    ) as unknown as {
      codeFlows: {
        threadFlows: {
          locations: {
            executionOrder: number;
            location: {
              physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
              message: { text: string };
            };
          }[];
        }[];
      }[];
    };
    const steps = result.codeFlows[0]!.threadFlows[0]!.locations.map((l) => [
      l.executionOrder,
      `${l.location.physicalLocation.artifactLocation.uri}:${l.location.physicalLocation.region.startLine}`,
      l.location.message.text,
    ]);
    expect(steps).toEqual([
      [1, 'src/server.ts:30', 'tool argument `args` enters.'],
      [2, 'src/tools/shell.ts:8', 'passed to listDir() as `args`.'],
      [3, 'src/tools/shell.ts:9', '`args.dir` reaches exec().'],
    ]);
  });

  test('a finding without a path has no code flow', () => {
    const results = run(parse(render('sarif', sampleScorecard()))).results as unknown as {
      codeFlows?: unknown;
    }[];
    expect(results.filter((r) => r.codeFlows === undefined)).toHaveLength(2);
  });

  test('CWE and OWASP MCP Top 10 are taxonomies that rules and results reference by index', () => {
    const log = parse(render('sarif', sampleScorecard())) as unknown as {
      runs: {
        taxonomies: { name: string; taxa: { id: string; name?: string; helpUri?: string }[] }[];
        tool: {
          driver: {
            supportedTaxonomies: { name: string; index: number }[];
            rules: { id: string; relationships?: { target: TaxonRef; kinds: string[] }[] }[];
          };
        };
        results: { ruleId: string; taxa?: TaxonRef[] }[];
      }[];
    };
    interface TaxonRef {
      id: string;
      index: number;
      toolComponent: { name: string; index: number };
    }
    const theRun = log.runs[0]!;
    expect(theRun.taxonomies.map((t) => t.name)).toEqual(['CWE', 'OWASP MCP Top 10']);
    expect(theRun.tool.driver.supportedTaxonomies).toEqual([
      { name: 'CWE', index: 0 },
      { name: 'OWASP MCP Top 10', index: 1 },
    ]);
    expect(theRun.taxonomies[0]!.taxa.map((t) => t.id)).toEqual(['CWE-78', 'CWE-835']);
    expect(theRun.taxonomies[0]!.taxa[0]).toMatchObject({
      name: "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
      helpUri: 'https://cwe.mitre.org/data/definitions/78.html',
    });
    expect(theRun.taxonomies[1]!.taxa).toEqual([
      {
        id: 'MCP05:2025',
        name: 'Command Injection & Execution',
        shortDescription: { text: 'Command Injection & Execution.' },
      },
    ]);
    // Every reference points at the taxon it names.
    const refs = [
      ...theRun.tool.driver.rules.flatMap((r) => (r.relationships ?? []).map((x) => x.target)),
      ...theRun.results.flatMap((r) => r.taxa ?? []),
    ];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(theRun.taxonomies[ref.toolComponent.index]!.name).toBe(ref.toolComponent.name);
      expect(theRun.taxonomies[ref.toolComponent.index]!.taxa[ref.index]!.id).toBe(ref.id);
    }
    expect(theRun.results.find((r) => r.ruleId === 'no-exec-from-arguments')!.taxa!.map((t) => t.id)).toEqual(
      ['CWE-78', 'MCP05:2025'],
    );
  });

  test('every CWE and OWASP MCP Top 10 id the bundled rules cite has a name for the taxonomies', () => {
    const findings = loadRuleSet([{ dir: BUNDLED_RULES_DIR, bundled: true }])
      .capabilities.flatMap((c) => c.safeguards)
      .flatMap((s) => (s.finding ? [s.finding] : []));
    const unnamed = [
      ...findings.flatMap((f) => f.cwe).filter((id) => CWE.names[id] === undefined),
      ...findings.flatMap((f) => f.owaspMcp).filter((id) => OWASP_MCP.names[id] === undefined),
    ];
    expect([...new Set(unnamed)]).toEqual([]);
  });

  test('only violations become results; unmet requirements are listed in the run properties', () => {
    const theRun = run(parse(render('sarif', sampleScorecard()))) as unknown as {
      results: { ruleId: string }[];
      properties: { unmetRequirements: { capability: string; safeguard: string }[] };
    };
    expect(new Set(theRun.results.map((r) => r.ruleId))).toEqual(
      new Set(['no-exec-from-arguments', 'no-unbounded-retry-loop']),
    );
    expect(theRun.properties.unmetRequirements.map((u) => u.safeguard)).toEqual([
      'jwt-audience-checked',
      'tenant-id-tracked',
      'limit-before-execution',
    ]);
  });

  test('one place reported twice by a rule gives one result', () => {
    const scorecard = sampleScorecard();
    const evidence = scorecard.capabilities[1]!.safeguards[1]!.evidence;
    evidence.push({ ...evidence[1]! });
    const results = run(parse(render('sarif', scorecard))).results.filter(
      (r) => r.ruleId === 'no-exec-from-arguments',
    );
    expect(results).toHaveLength(2);
  });

  test('two matches of one rule on one line give one result, the one with a taint path', () => {
    const scorecard = sampleScorecard();
    const evidence = scorecard.capabilities[1]!.safeguards[1]!.evidence;
    evidence.unshift({ ...evidence[0]!, column: 1, path: undefined });
    const results = run(parse(render('sarif', scorecard))).results.filter(
      (r) => r.ruleId === 'no-exec-from-arguments',
    ) as unknown as {
      codeFlows?: unknown;
      locations: { physicalLocation: { region: { startColumn: number } } }[];
    }[];
    expect(results).toHaveLength(2);
    expect(results[0]!.codeFlows).toBeDefined();
    expect(results[0]!.locations[0]!.physicalLocation.region.startColumn).toBe(3);
  });

  test('a scorecard of schema 2 (no finding metadata) still renders, with the default severity', () => {
    const scorecard = sampleScorecard();
    for (const s of scorecard.capabilities.flatMap((c) => c.safeguards)) delete s.finding;
    const log = parse(render('sarif', scorecard));
    expect(validateSarif(log)).toEqual([]);
    expect(run(log).results.every((r) => r.level === 'warning')).toBe(true);
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
