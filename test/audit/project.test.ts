import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AuditInputError, runAudit } from '../../src/audit/index.js';
import { loadProject } from '../../src/audit/project/load.js';
import { render } from '../../src/report/index.js';
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
  // Build output is no longer skipped by folder name: see "what is audited" below.
  it('audits .ts/.tsx/.mts/.cts/.js/.mjs files and skips node_modules and declarations', async () => {
    const card = await audit({
      'src/a.ts': 'eval(a);',
      'src/b.tsx': 'eval(b);',
      'src/c.mts': 'eval(c);',
      'src/d.cts': 'eval(d);',
      'src/e.js': 'eval(e);',
      'src/f.mjs': 'eval(f);',
      'src/g.d.ts': 'declare function eval(x: string): void;',
      'node_modules/pkg/index.js': 'eval(x);',
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

const SCOPE = path.resolve('test/audit/fixtures/scope');
const CLI = path.resolve('lib/cli/index.js');

// Copied out of this repository: its .gitignore ignores every lib/ folder, which would hide src/lib from the walk.
function fixtureCopy(name: string): string {
  const root = tempTree({});
  cpSync(path.join(SCOPE, name), root, { recursive: true });
  return root;
}

const auditedPaths = (project: Awaited<ReturnType<typeof loadProject>>) => project.files.map((f) => f.path);

describe('what is audited (docs/scope.md)', () => {
  it('audits hand-written sources in a folder named lib', async () => {
    const project = await loadProject(fixtureCopy('server'));
    expect(auditedPaths(project)).toEqual(['src/index.ts', 'src/lib/auth.ts']);
  });

  it("leaves out the tsconfig's outDir as build output and says which file said so", async () => {
    const project = await loadProject(fixtureCopy('server'));
    expect(project.excluded).toContainEqual({ path: 'dist/index.js', reason: 'build-output' });
    expect(project.diagnostics).toContainEqual({
      severity: 'info',
      code: 'build-output',
      message: 'dist/: 1 file left out as build output (tsconfig.json compilerOptions.outDir)',
    });
  });

  it('leaves out tests, mocks, fixtures, examples, scripts, stories, benchmarks and tool state, each with its reason', async () => {
    const project = await loadProject(fixtureCopy('server'));
    expect(project.excluded).toEqual([
      { path: '.github/check.mjs', reason: 'hidden' },
      { path: '.storybook/main.ts', reason: 'story' },
      { path: 'bench/load.ts', reason: 'benchmark' },
      { path: 'dist/index.js', reason: 'build-output' },
      { path: 'e2e/smoke.ts', reason: 'test' },
      { path: 'examples/client.ts', reason: 'example' },
      { path: 'fixtures/request.ts', reason: 'fixture' },
      { path: 'scripts/release.mjs', reason: 'script' },
      { path: 'src/__mocks__/db.ts', reason: 'mock' },
      { path: 'src/button.stories.tsx', reason: 'story' },
      { path: 'src/types.d.ts', reason: 'declaration' },
      { path: 'test/server.test.ts', reason: 'test' },
      { path: 'vitest.config.ts', reason: 'tool-config' },
    ]);
  });

  it('recognises build output from a package.json entry point into a folder without TypeScript of its own', async () => {
    const project = await loadProject(fixtureCopy('package-main'));
    expect([auditedPaths(project), project.excluded]).toEqual([
      ['out/legacy.js', 'src/cli.ts'], // out/: nothing says it is compiled, so it is audited
      [{ path: 'build/cli.js', reason: 'build-output' }],
    ]);
  });

  it('audits compiled-looking JavaScript when the project has no TypeScript to tell it from', async () => {
    const root = tempTree({
      'package.json': JSON.stringify({ main: 'dist/index.js' }),
      'dist/index.js': 'eval(a);',
    });
    const project = await loadProject(root);
    expect([auditedPaths(project), project.excluded]).toEqual([['dist/index.js'], []]);
  });

  it('brings back a default-excluded file with --include, and keeps the rest of the audit', async () => {
    const root = fixtureCopy('server');
    const card = await runAudit({
      root,
      ruleDirs: [tempTree(evalRule)],
      bundledRules: false,
      include: ['test/**'],
    });
    expect(violations(card)).toEqual(['src/index.ts', 'src/lib/auth.ts', 'test/server.test.ts']);
    expect(card.files.excluded.map((e) => e.path)).not.toContain('test/server.test.ts');
  });

  it('lets --exclude win over --include and over the config, listing the file as excluded-by-flag', async () => {
    const root = fixtureCopy('server');
    writeFileSync(path.join(root, 'safeguard.config.yaml'), 'include: ["src/lib/**"]\n');
    const project = await loadProject(root, {
      include: ['src/lib/**'],
      flags: { include: ['src/lib/**'], exclude: ['src/lib/**'] },
    });
    expect([auditedPaths(project), project.excluded.find((e) => e.path === 'src/lib/auth.ts')]).toEqual([
      ['src/index.ts'],
      { path: 'src/lib/auth.ts', reason: 'excluded-by-flag' },
    ]);
  });

  it('lists what the tsconfig leaves out and warns when it keeps fewer than half of the sources', async () => {
    const project = await loadProject(fixtureCopy('narrowed'));
    expect([auditedPaths(project), project.excluded, project.diagnostics]).toEqual([
      ['src/tools/echo.ts'],
      [
        { path: 'src/auth.ts', reason: 'outside-tsconfig' },
        { path: 'src/http.ts', reason: 'outside-tsconfig' },
        { path: 'src/server.ts', reason: 'outside-tsconfig' },
      ],
      [
        {
          severity: 'warning',
          code: 'tsconfig-narrows-scope',
          message:
            'tsconfig.json leaves out 3 of 4 production source files (listed as outside-tsconfig); to audit them ' +
            "too, add --include 'src/**' or include: in safeguard.config.yaml",
          file: 'tsconfig.json',
        },
      ],
    ]);
  });

  it('notes a tsconfig that leaves out a few sources as info', async () => {
    const project = await loadProject(
      tempTree({
        'tsconfig.json': JSON.stringify({ include: ['src'] }),
        'src/a.ts': 'eval(a);',
        'src/b.ts': 'eval(b);',
        'tools/c.ts': 'eval(c);',
      }),
    );
    expect(project.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['info', 'tsconfig-narrows-scope'],
    ]);
    expect(project.excluded).toEqual([{ path: 'tools/c.ts', reason: 'outside-tsconfig' }]);
  });

  it('audits a symlinked file inside the tree once, under its target path', async () => {
    const root = fixtureCopy('server');
    symlinkSync('index.ts', path.join(root, 'src/alias.ts'));
    const project = await loadProject(root);
    expect([auditedPaths(project), project.excluded.find((e) => e.path === 'src/alias.ts')]).toEqual([
      ['src/index.ts', 'src/lib/auth.ts'],
      { path: 'src/alias.ts', reason: 'symlink' },
    ]);
  });

  it('leaves out a symlinked file or folder that points outside the tree, with a warning', async () => {
    const outside = tempTree({ 'shared/keys.ts': 'eval(k);' });
    const root = fixtureCopy('server');
    symlinkSync(path.join(outside, 'shared/keys.ts'), path.join(root, 'src/keys.ts'));
    symlinkSync(path.join(outside, 'shared'), path.join(root, 'src/shared'));
    const project = await loadProject(root);
    expect(auditedPaths(project)).toEqual(['src/index.ts', 'src/lib/auth.ts']);
    expect(project.excluded.filter((e) => e.reason === 'symlink-outside-tree')).toEqual([
      { path: 'src/keys.ts', reason: 'symlink-outside-tree' },
      { path: 'src/shared/', reason: 'symlink-outside-tree' },
    ]);
    expect(
      project.diagnostics.filter((d) => d.code === 'symlink-outside-tree').map((d) => [d.severity, d.file]),
    ).toEqual([
      ['warning', 'src/keys.ts'],
      ['warning', 'src/shared'],
    ]);
  });

  it('reports symbolic link cycles without following them', async () => {
    const root = tempTree({ 'src/a.ts': 'eval(a);' });
    symlinkSync('loop.ts', path.join(root, 'src/loop.ts'));
    symlinkSync('..', path.join(root, 'src/up'));
    const project = await loadProject(root);
    expect([
      auditedPaths(project),
      project.excluded,
      project.diagnostics.map((d) => [d.severity, d.file]),
    ]).toEqual([
      ['src/a.ts'],
      [
        { path: 'src/loop.ts', reason: 'symlink-loop' },
        { path: 'src/up/', reason: 'symlink-loop' },
      ],
      [
        ['warning', 'src/loop.ts'],
        ['info', 'src/up'],
      ],
    ]);
  });

  it('records what was left out in the scorecard and the Markdown summary', async () => {
    const root = fixtureCopy('package-main');
    const card = await runAudit({ root, ruleDirs: [tempTree(evalRule)], bundledRules: false });
    expect(card.files).toEqual({
      audited: 2,
      lines: 5,
      excluded: [{ path: 'build/cli.js', reason: 'build-output' }],
    });
    const markdown = render('md', card);
    expect(markdown).toContain(
      [
        '## What was audited',
        '',
        '2 source files (5 lines) audited; 1 left out, each for the reason below (`--include GLOB` brings files back).',
        '',
        '| Left out because | Files |',
        '| --- | ---: |',
        '| `build-output` | 1 |',
        '',
        '<details>',
        '<summary>Every file left out, with its reason</summary>',
        '',
        '- `build/cli.js` (build-output)',
        '',
        '</details>',
      ].join('\n'),
    );
  });
});

describe('safeguard audit --list-files (built CLI)', { timeout: 90_000 }, () => {
  it('prints the files to audit, then those left out with the reason, and writes no report', async () => {
    const root = fixtureCopy('package-main');
    const out = tempTree({});
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      CLI,
      'audit',
      root,
      '--list-files',
      '--out',
      out,
      '--exclude',
      'out/**',
    ]);
    expect(stdout).toBe('src/cli.ts\n\nbuild/cli.js  (build-output)\nout/legacy.js  (excluded-by-flag)\n');
    expect(stderr).toContain('1 files to audit, 2 left out (build-output 1, excluded-by-flag 1)\n');
    expect(readdirSync(out)).toEqual([]);
  });
});
