import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { render } from '../../src/report/index.js';

const FIXTURE = path.resolve('test/audit/fixtures/project-basic');
const RULES = path.resolve('test/audit/fixtures/rules-basic');

// Copies the fixture project to a fresh temp path, `depth` folders deep, so that absolute paths differ.
function copyAt(depth: number): string {
  const base = mkdtempSync(path.join(os.tmpdir(), 'safeguard-determinism-'));
  const target = path.join(base, ...Array.from({ length: depth }, (_, i) => `level${i}`), 'project');
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(FIXTURE, target, { recursive: true });
  cleanups.push(() => rmSync(base, { recursive: true, force: true }));
  return target;
}
const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((c) => c());
  vi.unstubAllEnvs();
});

describe('determinism', () => {
  it('gives byte-identical audit.json and Markdown from two different checkout paths', async () => {
    const first = copyAt(1);
    const second = copyAt(3);
    const a = await runAudit({ root: first, ruleDirs: [RULES], bundledRules: false });
    const b = await runAudit({ root: second, ruleDirs: [RULES], bundledRules: false });
    expect(render('json', b)).toBe(render('json', a));
    expect(render('md', b)).toBe(render('md', a));
    expect(render('json', a)).not.toContain(path.dirname(first));
  });

  it('carries a time only when SOURCE_DATE_EPOCH is set', async () => {
    const root = copyAt(1);
    const without = await runAudit({ root, ruleDirs: [RULES], bundledRules: false });
    vi.stubEnv('SOURCE_DATE_EPOCH', '1700000000');
    const withEpoch = await runAudit({ root, ruleDirs: [RULES], bundledRules: false });
    expect([without.generatedAt, withEpoch.generatedAt]).toEqual([undefined, '2023-11-14T22:13:20.000Z']);
  });

  it('changes the sources fingerprint when a source changes, and only then', async () => {
    const root = copyAt(1);
    const a = await runAudit({ root, ruleDirs: [RULES], bundledRules: false });
    const again = await runAudit({ root, ruleDirs: [RULES], bundledRules: false });
    const changed = copyAt(1);
    cpSync(path.join(FIXTURE, 'src/limiter.ts'), path.join(changed, 'src/limiter2.ts'));
    const c = await runAudit({ root: changed, ruleDirs: [RULES], bundledRules: false });
    expect(again.fingerprint).toEqual(a.fingerprint);
    expect(c.fingerprint.sources).not.toBe(a.fingerprint.sources);
    expect(c.fingerprint.rules).toBe(a.fingerprint.rules);
  });
});

describe('audit.json schema', () => {
  const schema = JSON.parse(readFileSync('docs/report.schema.json', 'utf8')) as object;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);

  it('validates an audit with evidence, suppressions and a time', async () => {
    vi.stubEnv('SOURCE_DATE_EPOCH', '1700000000');
    const card = await runAudit({ root: FIXTURE, ruleDirs: [RULES], bundledRules: false });
    const json = JSON.parse(render('json', card)) as unknown;
    expect(validate(json) ? [] : validate.errors).toEqual([]);
    expect(card.suppressions).toHaveLength(1);
  });

  it('validates an audit with diagnostics and semantic rules', async () => {
    const card = await runAudit({
      root: path.resolve('test/audit/fixtures/project-semantic'),
      ruleDirs: [path.resolve('test/audit/fixtures/rules-semantic')],
      bundledRules: false,
    });
    const json = JSON.parse(render('json', card)) as unknown;
    expect(validate(json) ? [] : validate.errors).toEqual([]);
  });

  it('rejects a report with an absolute evidence path', async () => {
    const card = await runAudit({ root: FIXTURE, ruleDirs: [RULES], bundledRules: false });
    card.capabilities[0]!.safeguards[0]!.evidence[0]!.file = '/home/someone/src/server.ts';
    expect(validate(JSON.parse(render('json', card)))).toBe(false);
  });
});
