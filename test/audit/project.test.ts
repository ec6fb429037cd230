import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditInputError, runAudit } from '../../src/audit/index.js';
import { oneSafeguardRule, tempTree } from './helpers.js';

const evalRule = { 'r.yaml': oneSafeguardRule('{ call: { name: eval } }', '    kind: violation') };

async function audit(sources: Record<string, string | Buffer>, prepare?: (root: string) => void) {
  const root = tempTree(sources);
  prepare?.(root);
  return runAudit({ root, ruleDirs: [tempTree(evalRule)], bundledRules: false });
}

const violations = (card: Awaited<ReturnType<typeof audit>>) =>
  card.capabilities[0]!.safeguards[0]!.evidence.map((e) => e.file);

describe('loading the target', () => {
  it('audits .ts/.tsx/.mts/.cts/.js/.mjs files and skips node_modules, build output and declarations', async () => {
    const card = await audit({
      'src/a.ts': 'eval(a);',
      'src/b.tsx': 'eval(b);',
      'src/c.mts': 'eval(c);',
      'src/d.cts': 'eval(d);',
      'src/e.js': 'eval(e);',
      'src/f.mjs': 'eval(f);',
      'src/g.d.ts': 'declare function eval(x: string): void;',
      'node_modules/pkg/index.js': 'eval(x);',
      'dist/out.js': 'eval(x);',
      'build/out.js': 'eval(x);',
      'coverage/x.js': 'eval(x);',
      'README.md': 'eval(x)',
    });
    expect(violations(card)).toEqual([
      'src/a.ts',
      'src/b.tsx',
      'src/c.mts',
      'src/d.cts',
      'src/e.js',
      'src/f.mjs',
    ]);
  });

  it('honours .gitignore', async () => {
    const card = await audit({
      '.gitignore': 'generated/\n',
      'src/a.ts': 'eval(a);',
      'generated/x.ts': 'eval(x);',
    });
    expect(violations(card)).toEqual(['src/a.ts']);
  });

  it("uses the target's tsconfig.json when there is one", async () => {
    const card = await audit({
      'tsconfig.json': JSON.stringify({ include: ['app'] }),
      'app/a.ts': 'eval(a);',
      'scripts/b.ts': 'eval(b);',
    });
    expect(violations(card)).toEqual(['app/a.ts']);
  });

  it('survives a symbolic link loop', async () => {
    const card = await audit({ 'src/a.ts': 'eval(a);' }, (root) => {
      mkdirSync(path.join(root, 'src/nested'));
      symlinkSync('..', path.join(root, 'src/nested/loop'));
    });
    expect(violations(card)).toEqual(['src/a.ts']);
  });

  it('reports a file it cannot read and audits the rest', async () => {
    const card = await audit({
      'tsconfig.json': JSON.stringify({ files: ['a.ts', 'gone.ts'] }),
      'a.ts': 'eval(a);',
    });
    expect(violations(card)).toEqual(['a.ts']);
    expect(card.diagnostics).toEqual([
      expect.objectContaining({ code: 'unreadable-file', file: 'gone.ts', severity: 'warning' }),
    ]);
  });

  it('skips a 5 MB generated file with a diagnostic', async () => {
    const big = `export const data = [${'1,'.repeat(2_600_000)}];\neval(x);\n`;
    const card = await audit({ 'src/a.ts': 'eval(a);', 'src/generated.ts': big });
    expect(violations(card)).toEqual(['src/a.ts']);
    expect(card.diagnostics).toEqual([
      expect.objectContaining({
        code: 'file-too-large',
        file: 'src/generated.ts',
        message: expect.stringMatching(/above the 2097152-byte limit/),
      }),
    ]);
  });

  it('reads a file with non-UTF-8 bytes, naming the line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('const a = 1;\nconst s = "'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('";\neval(s);\n'),
    ]);
    const card = await audit({ 'src/latin.ts': bytes });
    expect(violations(card)).toEqual(['src/latin.ts']);
    expect(card.diagnostics).toEqual([
      expect.objectContaining({ code: 'non-utf8', file: 'src/latin.ts', line: 2 }),
    ]);
  });

  it('reports a syntax error with its place and still audits every file', async () => {
    const card = await audit({ 'src/broken.ts': 'const x = ;\n\nfunction (\n', 'src/ok.ts': 'eval(a);' });
    expect(violations(card)).toEqual(['src/ok.ts']);
    expect(card.diagnostics).toEqual([
      expect.objectContaining({
        code: 'parse-error',
        file: 'src/broken.ts',
        line: 1,
        column: 11,
        severity: 'error',
      }),
    ]);
  });

  it('audits generated code nested thousands deep without exhausting the stack', async () => {
    const terms = Array.from({ length: 30_000 }, (_, i) => `'a${i}'`).join(' + ');
    const card = await audit({ 'src/generated.ts': `export const x = ${terms};\neval(x);\n` });
    expect(card.capabilities[0]!.safeguards[0]!.evidence.map((e) => `${e.file}:${e.line}`)).toEqual([
      'src/generated.ts:2',
    ]);
    expect(card.diagnostics).toEqual([]);
  });

  it('refuses an empty repository', async () => {
    await expect(audit({ 'README.md': '# nothing to audit' })).rejects.toThrow(
      /no TypeScript or JavaScript source files to audit in /,
    );
  });

  it('refuses a path that does not exist', async () => {
    const error = await runAudit({ root: '/nonexistent/safeguard/path', bundledRules: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuditInputError);
    expect((error as Error).message).toBe('target path does not exist: /nonexistent/safeguard/path');
  });

  it('refuses a single file that is not TypeScript or JavaScript', async () => {
    const root = tempTree({ 'README.md': '# hello' });
    await expect(
      runAudit({ root: path.join(root, 'README.md'), ruleDirs: [tempTree(evalRule)], bundledRules: false }),
    ).rejects.toThrow(/^not a TypeScript or JavaScript source file: .*README\.md$/);
  });

  it('audits a single file', async () => {
    const root = tempTree({ 'one.ts': 'eval(a);', 'two.ts': 'eval(b);' });
    const card = await runAudit({
      root: path.join(root, 'one.ts'),
      ruleDirs: [tempTree(evalRule)],
      bundledRules: false,
    });
    expect(card.capabilities[0]!.safeguards[0]!.evidence.map((e) => e.file)).toEqual(['one.ts']);
  });
});
