import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
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
  it('exits 0 when the gate passes, prints the table and writes json and md', async () => {
    const out = tempTree({});
    const run = await safeguard('audit', BASIC, '--no-bundled-rules', '--rules', BASIC_RULES, '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^capability\s+score\s+threshold\s+status\ndemo-limits\s+83\s+70\s+present\n/);
    expect(run.stdout).toContain('gate (capability): pass');
    expect(readdirSync(out).sort()).toEqual(['IMPLEMENTATION_SUMMARY.md', 'audit.json']);
    expect(JSON.parse(readFileSync(path.join(out, 'audit.json'), 'utf8')).overall.score).toBe(83);
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
      audit(BASIC, BASIC_RULES, '--threshold', '90'),
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
    const run = await audit(project, BASIC_RULES);
    expect(run.code).toBe(0);
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
