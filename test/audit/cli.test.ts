import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scorecard } from '../../src/audit/scorecard.js';
import { jobSummary } from '../../src/report/index.js';
import { oneSafeguardRule, tempTree } from './helpers.js';

const CLI = path.resolve('lib/cli/index.js');
const BASIC = 'test/audit/fixtures/project-basic';
const BASIC_RULES = 'test/audit/fixtures/rules-basic';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function safeguard(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const audit = (target: string, rules: string, ...more: string[]) =>
  safeguard('audit', target, '--no-bundled-rules', '--rules', rules, '--out', tempTree({}), ...more);

beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error('build first: npx tsc -p tsconfig.build.json && node scripts/copy-assets.mjs');
});

// Each case starts Node and loads the TypeScript compiler; on a busy shared machine that takes seconds.
describe('safeguard audit (built CLI)', { timeout: 90_000 }, () => {
  it('exits 0 when the gate passes, prints the findings, the table and the summary line and writes json and md', async () => {
    const out = tempTree({});
    const run = await safeguard('audit', BASIC, '--no-bundled-rules', '--rules', BASIC_RULES, '--out', out);
    expect(run.code).toBe(0);
    // Both core requirements are satisfied (the rule file marks none core, so every requirement is), the Origin
    // check does not apply, and the one unsuppressed eval costs its weight: 100 - 10.
    expect(run.stdout).toMatch(
      /^test\/audit\/fixtures\/project-basic\/src\/server\.ts\n {2}15:10 {2}warning {2}No eval {2}no-eval\n\ncapability\s+score\s+threshold\s+status\ndemo-limits\s+90\s+70\s+present\n✖ 1 problem \(0 errors, 1 warning\) · overall 90 · 1 of 1 capabilities at or above their threshold · gate \(capability\): pass\nwrote /,
    );
    expect(readdirSync(out).sort()).toEqual(['IMPLEMENTATION_SUMMARY.md', 'audit.json']);
    expect(JSON.parse(readFileSync(path.join(out, 'audit.json'), 'utf8')).overall.score).toBe(90);
  });

  it('exits 1 when a capability is below its threshold', async () => {
    const run = await audit('test/audit/fixtures/project-semantic', 'test/audit/fixtures/rules-semantic');
    expect([run.code, run.stdout.includes('gate (capability): fail')]).toEqual([1, true]);
  });

  it('exits 0 below the threshold with --fail-on none, and 1 with a higher --threshold', async () => {
    const runs = await Promise.all([
      audit(
        'test/audit/fixtures/project-semantic',
        'test/audit/fixtures/rules-semantic',
        '--fail-on',
        'none',
      ),
      audit(BASIC, BASIC_RULES, '--threshold', '91'), // the basic project scores 90
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 1]);
  });

  it('writes SARIF when asked and prints nothing with --quiet', async () => {
    const out = tempTree({});
    const run = await safeguard(
      'audit',
      BASIC,
      '--no-bundled-rules',
      '--rules',
      BASIC_RULES,
      '--out',
      out,
      '--format',
      'sarif',
      '--quiet',
    );
    expect([run.code, run.stdout, readdirSync(out)]).toEqual([0, '', ['audit.sarif']]);
  });

  it('--format without stylish prints only the summary line and the files written; stylish alone writes none', async () => {
    const out = tempTree({});
    const json = await audit(BASIC, BASIC_RULES, '--out', out, '--format', 'json');
    expect(json.stdout).toBe(
      `✖ 1 problem (0 errors, 1 warning) · overall 90 · 1 of 1 capabilities at or above their threshold · gate (capability): pass\nwrote ${path.join(out, 'audit.json')}\n`,
    );
    const consoleOnly = tempTree({});
    const stylish = await audit(BASIC, BASIC_RULES, '--out', consoleOnly, '--format', 'stylish');
    expect([stylish.stdout.includes('15:10  warning  No eval'), readdirSync(consoleOnly)]).toEqual([
      true,
      [],
    ]);
  });

  it('--quiet reports errors only: a warning is not shown, and a failing gate still says why in one line', async () => {
    const passing = await audit(BASIC, BASIC_RULES, '--quiet');
    expect([passing.code, passing.stdout]).toEqual([0, '']);
    const failing = await audit(BASIC, BASIC_RULES, '--quiet', '--threshold', '95');
    expect([failing.code, failing.stdout]).toEqual([
      1,
      '✖ 1 problem (0 errors, 1 warning) · overall 90 · 0 of 1 capabilities at or above their threshold · gate (capability): fail\n',
    ]);
  });

  it('--max-findings N exits 1 when more than N errors and warnings are reported, whatever the scores', async () => {
    const [zero, one, bad] = await Promise.all([
      audit(BASIC, BASIC_RULES, '--max-findings', '0'),
      audit(BASIC, BASIC_RULES, '--max-findings', '1'),
      audit(BASIC, BASIC_RULES, '--max-findings', 'some'),
    ]);
    expect([zero.code, one.code, bad.code]).toEqual([1, 0, 2]);
    expect(zero.stdout).toContain(
      'gate (capability): pass · 1 error or warning, more than --max-findings 0\n',
    );
    expect(bad.stderr).toBe(
      "safeguard audit: --max-findings must be a whole number, 0 or more, got 'some'\n",
    );
  });

  it('draws no progress on stderr when stderr is not a terminal', async () => {
    const run = await audit(BASIC, BASIC_RULES);
    expect(run.stderr).toBe('');
  });

  it('exits 2 with a one-line message for a path that does not exist', async () => {
    const run = await audit('test/audit/fixtures/no-such-project', BASIC_RULES);
    expect([run.code, run.stderr]).toEqual([
      2,
      'safeguard audit: target path does not exist: test/audit/fixtures/no-such-project\n',
    ]);
  });

  it('exits 2 for an empty repository', async () => {
    const run = await audit(tempTree({ 'README.md': '# empty' }), BASIC_RULES);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^safeguard audit: no TypeScript or JavaScript source files to audit in .+\n$/,
    );
  });

  it.each([
    ['a YAML syntax error', 'capability: x\ntitle: [oops\n', /bad\.yaml:3:1: YAML syntax error: /],
    [
      'an unknown matcher',
      oneSafeguardRule('{ calls: { name: exec } }'),
      /bad\.yaml:7:17: safeguards\[0\]\.evidence\.calls: unknown field 'calls'/,
    ],
    [
      'a wrong type',
      oneSafeguardRule('{ call: { name: exec } }').replace('weight: 10', 'weight: "10"'),
      /bad\.yaml:6:13: safeguards\[0\]\.weight: must be integer/,
    ],
    [
      'a regex that does not compile',
      oneSafeguardRule("{ call: { name: '/[a-/' } }"),
      /bad\.yaml:7:\d+: safeguards\[0\]\.evidence\.call\.name: invalid regular expression/,
    ],
  ])('exits 2 naming file, line and field for %s in a rule file', async (_name, yaml, message) => {
    const run = await audit(BASIC, tempTree({ 'bad.yaml': yaml }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split('\n')).toHaveLength(2); // one line, no stack trace
  });

  it('exits 2 listing every problem of every rule file, one prefixed line each', async () => {
    const rules = tempTree({
      'a.yaml': oneSafeguardRule('{ call: { name: exec } }').replace('weight: 10', 'weight: "10"'),
      'b.yaml': oneSafeguardRule('{ calls: { name: exec } }').replace('test-capability', 'other'),
    });
    const run = await audit(BASIC, rules);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^safeguard audit: \S*a\.yaml:6:13: safeguards\[0\]\.weight: must be integer$/),
      expect.stringMatching(
        /^safeguard audit: \S*b\.yaml:7:17: safeguards\[0\]\.evidence\.calls: unknown field 'calls'$/,
      ),
    ]);
  });

  it('exits 2 for a duplicate safeguard id', async () => {
    const rules = tempTree({
      'a.yaml': oneSafeguardRule('{ call: { name: a } }'),
      'b.yaml': oneSafeguardRule('{ call: { name: b } }').replace('test-capability', 'other'),
    });
    const run = await audit(BASIC, rules);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/b\.yaml:4:9: safeguards\[0\]\.id: duplicates safeguard 'the-safeguard'/);
  });

  it('exits 2 for bad flags', async () => {
    const [threshold, failOn, format, unknown] = await Promise.all([
      audit(BASIC, BASIC_RULES, '--threshold', 'high'),
      audit(BASIC, BASIC_RULES, '--fail-on', 'sometimes'),
      audit(BASIC, BASIC_RULES, '--format', 'pdf'),
      safeguard('audit', '--no-such-flag'),
    ]);
    expect([threshold.code, threshold.stderr]).toEqual([
      2,
      "safeguard audit: --threshold must be an integer from 0 to 100, got 'high'\n",
    ]);
    expect([failOn.code, format.code, unknown.code]).toEqual([2, 2, 2]);
  });

  it('reports a 5 MB file, a syntax error and non-UTF-8 bytes on stderr and still audits the rest', async () => {
    const project = tempTree({
      'src/server.ts': readFileSync(path.join(BASIC, 'src/server.ts')),
      'src/limiter.ts': readFileSync(path.join(BASIC, 'src/limiter.ts')),
      'src/generated.js': `module.exports = [${'0,'.repeat(2_600_000)}];\n`,
      'src/broken.ts': 'export const = 1;\n',
      'src/latin1.ts': Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]),
    });
    const out = tempTree({});
    const run = await audit(project, BASIC_RULES, '--out', out, '--format', 'stylish,json');
    // The skipped file could import http, where the core Origin check would then apply: the capability cannot be
    // decided, and the gate fails on it (the inconclusive tests below cover --allow-inconclusive).
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^demo-limits\s+-\s+70\s+inconclusive$/m);
    const card = JSON.parse(readFileSync(path.join(out, 'audit.json'), 'utf8')) as Scorecard;
    expect(card.files.audited).toBe(4);
    expect(card.capabilities[0]!.safeguards.map((s) => [s.id, s.result])).toEqual([
      ['limiter-imported', 'satisfied'],
      ['limit-checked', 'satisfied'],
      ['no-eval', 'violated'],
      ['http-origin-check', 'not-applicable'],
    ]);
    expect(run.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'error: src/broken.ts:1:14: parse-error: syntax error: Variable declaration expected. (the rest of the file was still read)',
      'warning: src/generated.js: file-too-large: skipped: 5200021 bytes is above the 2097152-byte limit for source files (generated code?)',
      'warning: src/latin1.ts:1:1: non-utf8: the file is not valid UTF-8; invalid bytes were read as U+FFFD and the rest was audited',
    ]);
  });

  it('compares with a baseline and exits 1 on a regression only with --fail-on-regression', async () => {
    const before = tempTree({});
    expect(
      (await safeguard('audit', BASIC, '--no-bundled-rules', '--rules', BASIC_RULES, '--out', before)).code,
    ).toBe(0);
    const worse = tempTree({ 'src/server.ts': 'export const limiter = new RateLimiter();\n' });
    const baseline = ['--baseline', path.join(before, 'audit.json'), '--fail-on', 'none'];
    const [plain, strict] = await Promise.all([
      audit(worse, BASIC_RULES, ...baseline),
      audit(worse, BASIC_RULES, ...baseline, '--fail-on-regression'),
    ]);
    expect([plain.code, strict.code]).toEqual([0, 1]);
  });

  it('has --help', async () => {
    const run = await safeguard('audit', '--help');
    expect([run.code, run.stdout.includes('--fail-on <mode>')]).toEqual([0, true]);
  });
});

/**
 * A capability whose only evidence lies in a file the audit did not read. The HTTP server and its authentication
 * live in src/server.ts, which `max-file-bytes` in safeguard.config.yaml skips as too large: the core safeguard is
 * then not-applicable for lack of an http import, although the file that would make it apply was never read.
 */
describe('an inconclusive capability (built CLI)', { timeout: 90_000 }, () => {
  const rules = {
    'http-auth.yaml': [
      'capability: http-auth',
      'title: HTTP authentication',
      'summary: Callers of the HTTP transport are authenticated.',
      'safeguards:',
      '  - id: caller-authenticated',
      '    title: Callers are authenticated',
      '    weight: 20',
      '    core: true',
      '    applies-when: { import: { from: "/^(node:)?http$/" } }',
      '    evidence: { call: { name: authenticate } }',
      '  - id: constant-time-compare',
      '    title: Credentials are compared in constant time',
      '    weight: 10',
      '    evidence: { call: { name: timingSafeEqual } }',
      '',
    ].join('\n'),
  };
  const server = [
    "import { createServer } from 'node:http';",
    "import { authenticate } from './auth.js';",
    '',
    'export function start(port: number): void {',
    '  createServer((req, res) => {',
    '    if (!authenticate(req.headers.authorization)) {',
    '      res.statusCode = 401;',
    '      res.end();',
    '      return;',
    '    }',
    "    res.end('ok');",
    '  }).listen(port);',
    '}',
    // Padding that takes the file over the configured limit (2048 bytes) without changing what it does.
    ...Array.from(
      { length: 40 },
      (_, i) => `// request log format, field ${i}: see docs/logging.md for its meaning`,
    ),
    '',
  ].join('\n');
  const sources = {
    'src/index.ts': "import { start } from './server.js';\n\nstart(Number(process.env.PORT ?? 3000));\n",
    'src/auth.ts':
      'export function authenticate(header: string | undefined): boolean {\n  return header === process.env.TOKEN;\n}\n',
    'src/server.ts': server,
  };
  const project = (config: string) => tempTree({ ...sources, 'safeguard.config.yaml': config });
  const ruleDir = () => tempTree(rules);
  const reportSchema = new Ajv2020({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync('docs/report.schema.json', 'utf8')) as Record<string, unknown>,
  );

  async function auditTo(root: string, ...more: string[]) {
    const out = tempTree({});
    const run = await safeguard(
      'audit',
      root,
      '--no-bundled-rules',
      '--rules',
      ruleDir(),
      '--out',
      out,
      ...more,
    );
    const json = readFileSync(path.join(out, 'audit.json'), 'utf8');
    return {
      run,
      json: JSON.parse(json) as Scorecard,
      md: readFileSync(path.join(out, 'IMPLEMENTATION_SUMMARY.md'), 'utf8'),
    };
  }

  it('is decided when the file is read: present, exit 0 (the control case)', async () => {
    expect(Buffer.byteLength(server)).toBeGreaterThan(2048);
    const { run, json } = await auditTo(project('max-file-bytes: 1000000\n'));
    expect(run.code).toBe(0);
    expect(json.capabilities[0]).toMatchObject({ status: 'present', score: 70 });
    expect(json.capabilities[0]!.safeguards[0]!.result).toBe('satisfied');
  });

  it('is inconclusive when the file holding the evidence is skipped as too large: no score, a reason, exit 1', async () => {
    const { run, json } = await auditTo(project('max-file-bytes: 2048\n'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^http-auth\s+-\s+70\s+inconclusive$/m);
    expect(run.stdout).toContain('gate (capability): fail');
    expect(run.stderr).toMatch(
      /^warning: src\/server\.ts: file-too-large: skipped: \d+ bytes is above the 2048-byte limit/m,
    );
    expect(json.capabilities[0]).toMatchObject({
      id: 'http-auth',
      status: 'inconclusive',
      score: null,
      reason: 'core evidence is missing and 1 file was not analysed (src/server.ts)',
    });
    expect(json.overall).toEqual({
      score: 0,
      passing: 0,
      total: 0,
      inconclusive: 1,
      allowInconclusive: false,
      gate: 'fail',
      gateMode: 'capability',
    });
  });

  it('passes the gate with --allow-inconclusive, still shown as inconclusive: exit 0', async () => {
    const { run, json } = await auditTo(project('max-file-bytes: 2048\n'), '--allow-inconclusive');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^http-auth\s+-\s+70\s+inconclusive$/m);
    expect(json.capabilities[0]).toMatchObject({ status: 'inconclusive', score: null });
    expect(json.overall).toMatchObject({ inconclusive: 1, allowInconclusive: true, gate: 'pass' });
  });

  it('writes JSON that validates against docs/report.schema.json, with and without --allow-inconclusive', async () => {
    for (const more of [[], ['--allow-inconclusive']]) {
      const { json } = await auditTo(project('max-file-bytes: 2048\n'), ...more);
      const valid = reportSchema(json);
      expect(reportSchema.errors ?? [], more.join(' ')).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('the Markdown summary prints ? and inconclusive with the reason, and says whether the gate fails on it', async () => {
    const [strict, allowed] = [
      await auditTo(project('max-file-bytes: 2048\n')),
      await auditTo(project('max-file-bytes: 2048\n'), '--allow-inconclusive'),
    ];
    expect(strict.md).toContain('| HTTP authentication (`http-auth`) | ❔ inconclusive | ? | 70% | ? |');
    expect(strict.md).toContain('**Gate: ❌ FAIL**');
    expect(strict.md).toContain(
      'Inconclusive (files that could hold the evidence were not analysed; the gate fails on it): `http-auth`.',
    );
    expect(strict.md).toContain(
      '❔ inconclusive: core evidence is missing and 1 file was not analysed (src/server.ts).',
    );
    expect(allowed.md).toContain('**Gate: ✅ PASS**');
    expect(allowed.md).toContain(
      'Inconclusive (files that could hold the evidence were not analysed; the gate allows this): `http-auth`.',
    );
  });

  it('the job summary of that audit prints ? and inconclusive with the reason', async () => {
    const { json } = await auditTo(project('max-file-bytes: 2048\n'));
    const summary = jobSummary(json);
    expect(summary.table[1]!.map((c) => c.data)).toEqual([
      'HTTP authentication (<code>http-auth</code>)',
      '❔ inconclusive',
      '?',
      '70%',
      '?',
    ]);
    expect(summary.headline).toContain('Gate <b>❌ fail</b>');
    expect(summary.inconclusive).toBe(
      'Inconclusive (the gate fails on it): <code>http-auth</code>: core evidence is missing and 1 file was not ' +
        'analysed (src/server.ts).',
    );
  });
});

describe('safeguard rules (built CLI)', { timeout: 90_000 }, () => {
  it('lists capabilities and safeguards', async () => {
    const run = await safeguard('rules', 'list', '--no-bundled-rules', '--rules', BASIC_RULES);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'demo-limits: Demo limits (test/audit/fixtures/rules-basic/demo-limits.yaml)',
    );
    expect(run.stdout).toMatch(/ {2}no-eval +violation +10 {2}No eval/);
  });

  it('explains one safeguard, and exits 2 for an unknown id', async () => {
    const run = await safeguard(
      'rules',
      'explain',
      'limit-checked',
      '--no-bundled-rules',
      '--rules',
      BASIC_RULES,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('limit-checked: The limiter is consulted\ncapability: demo-limits');
    expect(run.stdout).toContain('evidence:\n  call:\n    name: allowRequest');
    expect(
      (await safeguard('rules', 'explain', 'nope', '--no-bundled-rules', '--rules', BASIC_RULES)).code,
    ).toBe(2);
  });

  it("explains a violation's finding: severity, confidence, message, CWE and OWASP MCP Top 10 ids", async () => {
    const run = await safeguard('rules', 'explain', 'command-injection');
    expect(run.stdout).toContain(
      'finding: error, medium confidence: Tool input reaches a shell command\nclassified: CWE-78, MCP05:2025\n',
    );
  });

  it('tests fixtures: exit 0 when they agree, 1 naming safeguard and file when not', async () => {
    const pass = await safeguard('rules', 'test', BASIC_RULES);
    expect([pass.code, pass.stdout]).toEqual([
      0,
      'rules test: 1 rule files, 4 fixtures, 13 checks: passed\n',
    ]);
    const fail = await safeguard('rules', 'test', 'test/audit/fixtures/rules-failing');
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain(
      'FAIL uses-limiter (test/audit/fixtures/rules-failing/wrong-expectations.yaml) in test/audit/fixtures/rules-failing/wrong-expectations/fixtures/claims.ts: expected satisfied, got missing',
    );
  });

  it('exits 2 for a rule directory that does not exist', async () => {
    const run = await safeguard('rules', 'test', 'test/audit/fixtures/none');
    expect([run.code, run.stderr]).toEqual([
      2,
      'safeguard rules test: rule directory not found: test/audit/fixtures/none\n',
    ]);
  });

  it('has --help for each subcommand', async () => {
    const runs = await Promise.all(
      ['list', 'explain', 'test'].map((sub) => safeguard('rules', sub, '--help')),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
  });
});
