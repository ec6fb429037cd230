/** Reports rendered from real audits (the engine's runAudit), not from hand-built scorecards. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { CAPABILITY_IDS } from '../../src/audit/scorecard.js';
import { compareWithBaseline, parseScorecard, render } from '../../src/report/index.js';
import { validateSarif } from './sarif-schema.js';

const FIXTURES = fileURLToPath(new URL('../action/fixtures/', import.meta.url));
const RUNTIME = fileURLToPath(new URL('../../src/runtime/', import.meta.url));
const INSECURE = fileURLToPath(new URL('../corpus/insecure-server/', import.meta.url));

/** Audit the action fixture server with its own rule file only, from a fresh copy in a temp folder. */
async function auditFixtureCopy(config?: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'safeguard-e2e-'));
  cpSync(FIXTURES, dir, { recursive: true });
  if (config !== undefined) writeFileSync(path.join(dir, 'server', 'safeguard.config.yaml'), config);
  return runAudit({
    root: path.join(dir, 'server'),
    ruleDirs: [path.join(dir, 'rules')],
    bundledRules: false,
  });
}

function reportSchema() {
  const schema = JSON.parse(
    readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  return new Ajv2020({ allErrors: true, strict: false }).compile(schema);
}

describe('reports of a real audit', () => {
  test('the fixture audit gives SARIF results only for violations, at exact locations', async () => {
    const log = JSON.parse(render('sarif', await auditFixtureCopy())) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: unknown }[] }[] }[];
    };
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation])).toEqual([
      [
        'demo-no-eval',
        {
          artifactLocation: { uri: 'src/server.ts', uriBaseId: '%SRCROOT%' },
          region: {
            startLine: 8,
            startColumn: 36,
            snippet: { text: expect.stringContaining('eval(args.expression)') },
          },
        },
      ],
    ]);
  });

  test('every format is byte-identical when the same sources are audited from two different folders', async () => {
    const [first, second] = [await auditFixtureCopy(), await auditFixtureCopy()];
    for (const format of ['json', 'md', 'sarif'] as const) {
      expect(render(format, second), format).toBe(render(format, first));
    }
  });

  test('audit.json round-trips through readScorecard', async () => {
    const scorecard = await auditFixtureCopy();
    expect(parseScorecard(render('json', scorecard), 'audit.json')).toEqual(
      JSON.parse(render('json', scorecard)),
    );
  });

  test('the audit of src/runtime with the bundled rules renders schema-valid SARIF and a full summary', async () => {
    const scorecard = await runAudit({ root: RUNTIME });
    scorecard.root = 'src/runtime';
    expect(validateSarif(JSON.parse(render('sarif', scorecard)))).toEqual([]);
    const md = render('md', scorecard);
    for (const id of CAPABILITY_IDS) expect(md).toContain(`(\`${id}\`) |`);
    expect(md).not.toContain(RUNTIME);
  });

  test('the audit of a vulnerable server gives schema-valid SARIF with code flows and taxonomies, and a valid audit.json', async () => {
    const scorecard = await runAudit({ root: INSECURE });
    const log = JSON.parse(render('sarif', scorecard)) as {
      runs: { results: { codeFlows?: unknown[]; taxa?: unknown[] }[]; taxonomies: { name: string }[] }[];
    };
    expect(validateSarif(log)).toEqual([]);
    const results = log.runs[0]!.results;
    expect(results.some((r) => r.codeFlows !== undefined)).toBe(true);
    expect(results.every((r) => r.taxa !== undefined)).toBe(true);
    expect(log.runs[0]!.taxonomies.map((t) => t.name)).toEqual(['CWE', 'OWASP MCP Top 10']);
    const validate = reportSchema();
    expect(validate(JSON.parse(render('json', scorecard))) ? [] : validate.errors).toEqual([]);
  });

  test('audit.json with a baseline comparison and a root validates against docs/report.schema.json', async () => {
    const validate = reportSchema();
    const baseline = await auditFixtureCopy();
    baseline.capabilities[0]!.score = 90;
    const scorecard = { ...(await auditFixtureCopy()), root: 'server' };
    scorecard.baseline = compareWithBaseline(scorecard, baseline);
    const valid = validate(JSON.parse(render('json', scorecard)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('audit.json with an inconclusive capability, compared with a decided baseline, validates against the schema', async () => {
    const validate = reportSchema();
    const baseline = await auditFixtureCopy();
    // src/server.ts (the limiter's use, the eval) is above the limit and skipped: the capability cannot be decided.
    const scorecard = await auditFixtureCopy('max-file-bytes: 400\n');
    expect(scorecard.capabilities[0]).toMatchObject({
      status: 'inconclusive',
      score: null,
      reason: 'core evidence is missing and 1 file was not analysed (src/server.ts)',
    });
    expect(scorecard.overall).toMatchObject({ inconclusive: 1, allowInconclusive: false, gate: 'fail' });
    scorecard.baseline = compareWithBaseline(scorecard, baseline);
    expect(scorecard.baseline.capabilities).toEqual([
      { id: 'action-demo', before: baseline.capabilities[0]!.score, after: null, delta: 0 },
    ]);
    const valid = validate(JSON.parse(render('json', scorecard)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(validate(JSON.parse(render('json', { ...scorecard, schemaVersion: 1 as unknown as 3 })))).toBe(
      false,
    );
  });
});
