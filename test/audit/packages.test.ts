import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  classifyPackage,
  discoverPackages,
  findLockfile,
  installedVersion,
  loadProjectDependencies,
  MAX_PACKAGES,
  parseManifest,
  readManifest,
  type LockfileCache,
} from '../../src/audit/packages/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/packages/', import.meta.url));

/** A fresh temporary folder, removed when the test finishes. */
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'safeguard-packages-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A copy of a fixture as the root of its own repository (a `.git` folder beside it), so that the lockfile search
 * never climbs into this repository's own package-lock.json.
 */
function fixture(name: string): string {
  const root = path.join(tempDir(), 'repo');
  cpSync(path.join(FIXTURES, name), root, { recursive: true });
  mkdirSync(path.join(root, '.git'));
  return root;
}

/** Writes files under `root`, creating folders. */
function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

describe('package.json', () => {
  it('merges the four dependency groups and remembers which group each range came from', () => {
    const { manifest } = parseManifest(
      json({
        dependencies: { a: '^1.0.0' },
        optionalDependencies: { b: '^2.0.0' },
        devDependencies: { c: '^3.0.0' },
        peerDependencies: { d: '>=4' },
      }),
      'package.json',
    );
    expect(manifest?.dependencies).toEqual({ a: '^1.0.0', b: '^2.0.0', c: '^3.0.0', d: '>=4' });
    expect(manifest?.dependencyKinds).toEqual({
      a: 'dependencies',
      b: 'optionalDependencies',
      c: 'devDependencies',
      d: 'peerDependencies',
    });
  });

  it('keeps the dev range over the peer range of the same name', () => {
    const { manifest } = parseManifest(
      json({ peerDependencies: { zod: '^3.0.0 || ^4.0.0' }, devDependencies: { zod: '^4.1.0' } }),
      'package.json',
    );
    expect(manifest?.dependencies.zod).toBe('^4.1.0');
    expect(manifest?.dependencyKinds.zod).toBe('devDependencies');
  });

  it("reads yarn's { packages: [...] } form of workspaces", () => {
    const { manifest } = readManifest(fixture('yarn-berry'));
    expect(manifest?.workspaces).toEqual(['packages/*']);
    expect(manifest?.packageManager).toBe('yarn@4.5.0');
  });

  it('turns bad JSON into a diagnostic naming the file and line', () => {
    const root = fixture('broken-manifest');
    const reading = readManifest(root);
    expect(reading.manifest).toBeUndefined();
    expect(reading.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'parse-error', file: 'package.json', line: 5 }),
    ]);
  });

  it('finds the line of a JSON error V8 gives no position for', () => {
    const { diagnostics } = parseManifest('{\n  "name": "x",\n  "version": }\n', 'package.json');
    expect(diagnostics[0]).toMatchObject({ code: 'parse-error', line: 3 });
  });

  it('drops a range that is not a string, with a warning, and keeps the rest', () => {
    const { manifest, diagnostics } = parseManifest(
      json({ dependencies: { a: 1, b: '^1.0.0' } }),
      'package.json',
    );
    expect(manifest?.dependencies).toEqual({ b: '^1.0.0' });
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'invalid-manifest' })]);
  });
});

describe('lockfiles', () => {
  it('npm v1: reads the top-level tree, not a nested copy', () => {
    const deps = loadProjectDependencies(fixture('npm-v1'));
    expect(deps.versionOf('@modelcontextprotocol/sdk')).toEqual({
      declared: '^1.10.0',
      resolved: '1.12.1',
      source: 'lockfile',
      kind: 'dependencies',
    });
    expect(deps.versionOf('zod')?.resolved).toBe('3.22.4');
    expect(deps.versionOf('typescript')).toMatchObject({ resolved: '5.4.5', kind: 'devDependencies' });
    expect(deps.lockfile).toBe('package-lock.json');
  });

  it('npm v3 workspaces: a member sees its own nested copy first, then the hoisted one, and follows links', () => {
    const root = fixture('npm-v3-workspaces');
    const server = loadProjectDependencies(path.join(root, 'packages/server'), { root });
    const shared = loadProjectDependencies(path.join(root, 'packages/shared'), { root });
    expect(server.versionOf('zod')?.resolved).toBe('3.25.76');
    expect(shared.versionOf('zod')?.resolved).toBe('4.1.5');
    expect(server.versionOf('@modelcontextprotocol/sdk')?.resolved).toBe('1.17.4');
    expect(server.versionOf('@mono/shared')?.resolved).toBe('0.1.0');
    expect(server.lockfile).toBe('package-lock.json');
  });

  it('pnpm v5: string versions under importers, peer suffix cut', () => {
    const root = fixture('pnpm-v5');
    const api = loadProjectDependencies(path.join(root, 'packages/api'), { root });
    expect(api.versionOf('@modelcontextprotocol/sdk')?.resolved).toBe('0.5.0');
    expect(api.versionOf('react-dom')?.resolved).toBe('18.2.0');
    expect(loadProjectDependencies(root).versionOf('typescript')?.resolved).toBe('4.9.5');
  });

  it('pnpm v6: a single project at the top level, peer suffixes and aliases cut', () => {
    const deps = loadProjectDependencies(fixture('pnpm-v6'));
    expect(deps.versionOf('@modelcontextprotocol/sdk')?.resolved).toBe('1.8.0');
    expect(deps.versionOf('express')?.resolved).toBe('4.19.2');
    expect(deps.versionOf('my-zod')).toMatchObject({ declared: 'npm:zod@^3.22.0', resolved: '3.23.8' });
    expect(deps.versionOf('typescript')?.resolved).toBe('5.3.3');
  });

  it('pnpm v9: importers by folder, catalog: ranges resolved through the lockfile, workspace links left unresolved', () => {
    const root = fixture('pnpm-v9');
    const worker = loadProjectDependencies(path.join(root, 'apps/worker'), { root });
    expect(worker.versionOf('agents')).toMatchObject({
      declared: 'catalog:',
      resolved: '0.20.1',
      source: 'lockfile',
    });
    expect(worker.versionOf('@cloudflare/workers-oauth-provider')?.resolved).toBe('0.8.2');
    expect(worker.versionOf('shared')).toEqual({
      declared: 'workspace:*',
      source: 'package.json',
      kind: 'dependencies',
    });
    expect(loadProjectDependencies(root).versionOf('turbo')?.resolved).toBe('2.5.4');
  });

  it('yarn v1: by descriptor, and by name when the declared range is not a key', () => {
    const deps = loadProjectDependencies(fixture('yarn-v1'));
    expect(deps.versionOf('@modelcontextprotocol/sdk')?.resolved).toBe('1.0.4');
    expect(deps.versionOf('left-pad')?.resolved).toBe('1.3.0');
    expect(deps.versionOf('debug')?.resolved).toBe('4.3.4'); // two versions installed; ^4.0.0 is a key
    expect(deps.versionOf('chalk')?.resolved).toBe('4.1.2'); // ^4.0.0 is not a key; one version installed
  });

  it("yarn berry: descriptors carry 'npm:' and the lockfile is shared by every workspace", () => {
    const root = fixture('yarn-berry');
    const client = loadProjectDependencies(path.join(root, 'packages/client'), { root });
    expect(client.versionOf('@modelcontextprotocol/sdk')?.resolved).toBe('1.5.0');
    expect(client.versionOf('zod')?.resolved).toBe('3.23.8');
    expect(client.lockfile).toBe('yarn.lock');
  });

  it('a broken lockfile gives a diagnostic with its line, and the package.json ranges are used', () => {
    const deps = loadProjectDependencies(fixture('broken-lockfile'));
    expect(deps.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'parse-error',
        file: 'package-lock.json',
        line: 5,
      }),
    ]);
    expect(deps.lockfile).toBeUndefined();
    expect(deps.versionOf('fastmcp')).toEqual({
      declared: '^3.0.0',
      source: 'package.json',
      kind: 'dependencies',
    });
  });

  it('a broken yarn.lock gives a diagnostic with its line', () => {
    const deps = loadProjectDependencies(fixture('broken-yarn-lock'));
    expect(deps.diagnostics).toEqual([
      expect.objectContaining({ code: 'parse-error', file: 'yarn.lock', line: 5 }),
    ]);
    expect(deps.versionOf('left-pad')?.source).toBe('package.json');
  });

  it('a broken lockfile shared by several packages is reported once when they share a cache', () => {
    const root = fixture('broken-lockfile');
    write(root, { 'sub/package.json': json({ dependencies: { fastmcp: '^3.0.0' } }) });
    const cache: LockfileCache = new Map();
    const first = loadProjectDependencies(root, { lockfiles: cache });
    const second = loadProjectDependencies(path.join(root, 'sub'), { root, lockfiles: cache });
    expect(first.diagnostics).toHaveLength(1);
    expect(second.diagnostics).toHaveLength(0);
  });

  it('uses a lockfile in a folder above the package', () => {
    const outer = tempDir();
    write(outer, {
      'package-lock.json': json({
        lockfileVersion: 3,
        packages: { 'node_modules/zod': { version: '3.9.9' } },
      }),
      'app/package.json': json({ dependencies: { zod: '^3.0.0' } }),
    });
    expect(loadProjectDependencies(path.join(outer, 'app')).versionOf('zod')?.resolved).toBe('3.9.9');
  });

  it('stops looking for a lockfile at the repository root', () => {
    const outer = tempDir();
    write(outer, {
      'package-lock.json': json({
        lockfileVersion: 3,
        packages: { 'node_modules/zod': { version: '3.9.9' } },
      }),
      'repo/package.json': json({ dependencies: { zod: '^3.0.0' } }),
    });
    mkdirSync(path.join(outer, 'repo/.git'));
    const deps = loadProjectDependencies(path.join(outer, 'repo'));
    expect(deps.lockfile).toBeUndefined();
    expect(deps.versionOf('zod')?.source).toBe('package.json');
  });

  it("reads the lockfile of the manager package.json names when several sit together, and says so when it doesn't", () => {
    const root = fixture('pnpm-v9');
    write(root, { 'package-lock.json': json({ lockfileVersion: 3, packages: {} }) });
    expect(findLockfile(root).lockfile?.name).toBe('pnpm-lock.yaml');

    const unnamed = fixture('pnpm-v6');
    write(unnamed, { 'yarn.lock': '# yarn lockfile v1\n' });
    const reading = findLockfile(unnamed);
    expect(reading.lockfile?.name).toBe('pnpm-lock.yaml');
    expect(reading.diagnostics).toEqual([expect.objectContaining({ code: 'several-lockfiles' })]);
  });

  it('turns lockfile version strings into semver versions, and anything else into nothing', () => {
    expect(installedVersion('1.2.3(react@18.0.0)(zod@3.0.0)')).toBe('1.2.3');
    expect(installedVersion('18.2.0_react@18.2.0')).toBe('18.2.0');
    expect(installedVersion('/@scope/x/1.0.0')).toBe('1.0.0');
    expect(installedVersion('npm:@scope/x@2.0.0-beta.1')).toBe('2.0.0-beta.1');
    expect(installedVersion('link:../shared')).toBeUndefined();
    expect(installedVersion('github:user/repo#abc123')).toBeUndefined();
    expect(installedVersion('0.0.0-use.local')).toBeUndefined();
  });
});

describe('project dependencies', () => {
  it('tests the installed version when there is one, not the declared range', () => {
    const root = fixture('npm-v3-workspaces');
    const server = loadProjectDependencies(path.join(root, 'packages/server'), { root });
    // Declared ^1.17.0 (lowest 1.17.0), installed 1.17.4.
    expect(server.satisfies('@modelcontextprotocol/sdk', '>=1.17.3')).toBe(true);
    expect(server.satisfies('@modelcontextprotocol/sdk', '>=1.18.0')).toBe(false);
  });

  it("with only a declared range, tests the range's lowest version", () => {
    const deps = loadProjectDependencies(fixture('broken-lockfile')); // declares fastmcp ^3.0.0
    expect(deps.satisfies('fastmcp', '>=3.0.0')).toBe(true);
    expect(deps.satisfies('fastmcp', '>=3.1.0')).toBe(false);
  });

  it('says no for undeclared names, transitive ones and ranges semver cannot read', () => {
    const root = fixture('npm-v3-workspaces');
    const shared = loadProjectDependencies(path.join(root, 'packages/shared'), { root });
    expect(shared.has('zod')).toBe(true);
    expect(shared.has('@modelcontextprotocol/sdk')).toBe(false); // installed in the tree, not declared here
    expect(shared.versionOf('@modelcontextprotocol/sdk')).toBeUndefined();
    expect(shared.satisfies('@modelcontextprotocol/sdk', '*')).toBe(false);
    expect(shared.satisfies('zod', 'not a range')).toBe(false);
  });

  it('treats dependency names like __proto__ and constructor as plain names', () => {
    const root = tempDir();
    write(root, { 'package.json': '{ "dependencies": { "__proto__": "1.0.0" } }' });
    const deps = loadProjectDependencies(root);
    expect(deps.has('__proto__')).toBe(true);
    expect(deps.has('constructor')).toBe(false);
    expect(deps.versionOf('toString')).toBeUndefined();
  });

  it('has no dependencies where there is no package.json', () => {
    const deps = loadProjectDependencies(fixture('classify/no-package-json'));
    expect(deps.names()).toEqual([]);
    expect(deps.diagnostics).toEqual([]);
  });
});

describe('workspaces', () => {
  it('lists the root and the folders npm workspaces name', async () => {
    const { packages, diagnostics } = await discoverPackages(fixture('npm-v3-workspaces'));
    expect(packages).toEqual([
      { name: 'mono', dir: '.' },
      { name: '@mono/server', dir: 'packages/server' },
      { name: '@mono/shared', dir: 'packages/shared' },
    ]);
    expect(diagnostics).toEqual([]);
  });

  it("reads yarn's { packages } workspaces", async () => {
    const { packages } = await discoverPackages(fixture('yarn-berry'));
    expect(packages.map((p) => p.dir)).toEqual(['.', 'packages/client']);
  });

  it('reads pnpm-workspace.yaml globs and honours their negations', async () => {
    const { packages } = await discoverPackages(fixture('pnpm-v9'));
    expect(packages).toEqual([
      { name: 'pnpm9-root', dir: '.' },
      { name: 'worker', dir: 'apps/worker' },
      { name: 'shared', dir: 'packages/shared' },
    ]);
  });

  it('without workspace globs, finds nested package.json files, bounded in depth, outside node_modules and dot folders', async () => {
    const root = tempDir();
    write(root, {
      'tools/typescript/package.json': json({ name: 'toolkit' }),
      'a/b/c/d/package.json': json({ name: 'four-down' }),
      'a/b/c/d/e/package.json': json({ name: 'five-down' }),
      'node_modules/dep/package.json': json({ name: 'dep' }),
      '.cache/thing/package.json': json({ name: 'cached' }),
    });
    const { packages } = await discoverPackages(root);
    expect(packages).toEqual([
      { name: 'four-down', dir: 'a/b/c/d' },
      { name: 'toolkit', dir: 'tools/typescript' },
    ]);
  });

  it('lists a package whose package.json is broken, named by its folder, beside the diagnostic', async () => {
    const root = fixture('broken-manifest');
    const { packages, diagnostics } = await discoverPackages(root);
    expect(packages).toEqual([{ name: 'repo', dir: '.' }]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', file: 'package.json' })]);
  });

  it('a root with no package.json anywhere has no packages, and says so', async () => {
    const { packages, diagnostics } = await discoverPackages(fixture('classify/no-package-json'));
    expect(packages).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'info', code: 'no-package-json' })]);
  });

  it(`keeps at most ${MAX_PACKAGES} packages when a glob matches more`, async () => {
    const root = tempDir();
    write(root, { 'package.json': json({ name: 'wide', workspaces: ['packages/*'] }) });
    for (let i = 0; i < MAX_PACKAGES + 5; i++) {
      write(root, { [`packages/p${String(i).padStart(4, '0')}/package.json`]: json({ name: `p${i}` }) });
    }
    const { packages, diagnostics } = await discoverPackages(root);
    expect(packages).toHaveLength(MAX_PACKAGES);
    expect(packages.at(-1)?.dir).toBe('packages/p0998'); // the root plus the first 999 by path
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'too-many-packages', file: 'packages/p0999' }),
    ]);
  });

  it('never hangs on a link cycle, lists a folder reached through a link once, and skips links out of the root', async () => {
    const base = tempDir();
    const root = path.join(base, 'repo');
    write(root, {
      'package.json': json({ name: 'linked', workspaces: ['packages/**'] }),
      'packages/a/package.json': json({ name: 'a' }),
    });
    write(base, { 'outside/package.json': json({ name: 'outside' }) });
    symlinkSync(root, path.join(root, 'packages/a/loop')); // packages/a/loop/packages/a/loop/...
    symlinkSync(path.join(root, 'packages/a'), path.join(root, 'packages/alias'));
    symlinkSync(path.join(base, 'outside'), path.join(root, 'packages/outside'));
    const { packages, diagnostics } = await discoverPackages(root);
    expect(packages).toEqual([
      { name: 'linked', dir: '.' },
      { name: 'a', dir: 'packages/a' },
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'symlink-outside-root', file: 'packages/outside' }),
    ]);
  });

  it('reports a broken pnpm-workspace.yaml with its line and still lists the root', async () => {
    const root = tempDir();
    write(root, {
      'package.json': json({ name: 'root' }),
      'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - [oops\n',
    });
    const { packages, diagnostics } = await discoverPackages(root);
    expect(packages).toEqual([{ name: 'root', dir: '.' }]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'parse-error', file: 'pnpm-workspace.yaml', line: 4 }),
    ]);
  });

  it('refuses workspace globs that climb out of the root', async () => {
    const root = tempDir();
    write(root, { 'package.json': json({ name: 'root', workspaces: ['../*'] }) });
    const { packages, diagnostics } = await discoverPackages(root);
    expect(packages).toEqual([{ name: 'root', dir: '.' }]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'workspace-outside-root' })]);
  });
});

describe('MCP server detection', () => {
  const classify = (root: string, dir = '.') => {
    const absolute = path.join(root, dir);
    return classifyPackage(absolute, loadProjectDependencies(absolute, { root }));
  };

  it('an SDK v1 package that constructs McpServer is a server, with its version and file named', () => {
    const result = classify(fixture('npm-v3-workspaces'), 'packages/server');
    expect(result).toEqual({
      kind: 'server',
      reasons: [
        'depends on @modelcontextprotocol/sdk 1.17.4 and constructs McpServer in src/index.ts',
        'depends on @modelcontextprotocol/sdk 1.17.4 and uses StdioServerTransport in src/index.ts',
      ],
    });
  });

  it("a workspace root is judged by its own code, not its members'", () => {
    expect(classify(fixture('npm-v3-workspaces')).kind).toBe('library');
  });

  it('a FastMCP package is a server', () => {
    expect(classify(fixture('classify/fastmcp-server'))).toEqual({
      kind: 'server',
      reasons: ['depends on fastmcp ^3.1.0 and constructs FastMCP in src/index.ts'],
    });
  });

  it('a server-only framework in dependencies is enough, without code', () => {
    const root = tempDir();
    write(root, { 'package.json': json({ dependencies: { 'mcp-framework': '^0.2.0' } }) });
    expect(classify(root)).toEqual({ kind: 'server', reasons: ['depends on mcp-framework ^0.2.0'] });
  });

  it('a Cloudflare McpAgent is a server', () => {
    const root = fixture('pnpm-v9');
    expect(classify(root, 'apps/worker')).toEqual({
      kind: 'server',
      reasons: ['depends on agents 0.20.1 and uses McpAgent in src/index.ts'],
    });
  });

  it('the low-level SDK Server with a tools/call handler is a server', () => {
    expect(classify(fixture('classify/low-level-server')).reasons).toEqual([
      'depends on @modelcontextprotocol/sdk 1.0.1 and constructs the SDK Server in src/main.js',
      'depends on @modelcontextprotocol/sdk 1.0.1 and handles CallToolRequestSchema in src/main.js',
    ]);
  });

  it("a hand-written dispatcher answering 'tools/call' and 'tools/list' is a server", () => {
    expect(classify(fixture('classify/dispatcher'))).toEqual({
      kind: 'server',
      weak: true, // method names alone: its workspace may yet say it is a client's part
      reasons: ["answers 'tools/call' and 'tools/list' itself in src/rpc.ts"],
    });
  });

  it('code that only sends tools/call and tools/list is not a dispatcher', () => {
    const deps = loadProjectDependencies(tempDir());
    const sender = "send({ method: 'tools/list' });\nsend({ method: 'tools/call', params });\n";
    expect(classifyPackage('.', deps, [{ path: 'src/send.ts', text: sender }]).kind).toBe('library');
  });

  it('a package that only uses the SDK Client is a client, whatever its tests start', () => {
    expect(classify(fixture('classify/sdk-client'))).toEqual({
      kind: 'client',
      reasons: [
        'depends on @modelcontextprotocol/sdk ^1.17.0 and constructs the SDK Client in src/probe.ts',
        'depends on @modelcontextprotocol/sdk ^1.17.0 and uses StreamableHTTPClientTransport in src/probe.ts',
      ],
    });
  });

  it('a yarn berry workspace client is a client, with the installed version', () => {
    const root = fixture('yarn-berry');
    expect(classify(root, 'packages/client').reasons[0]).toBe(
      'depends on @modelcontextprotocol/sdk 1.5.0 and constructs the SDK Client in src/index.ts',
    );
  });

  it('a package with a server framework only in devDependencies and tests is a library', () => {
    expect(classify(fixture('classify/library'))).toEqual({
      kind: 'library',
      reasons: ['no MCP server or client framework among its dependencies or in its code'],
    });
  });

  it('an SDK dependency with no source to read is unknown', () => {
    expect(classify(fixture('classify/sdk-without-sources'))).toEqual({
      kind: 'unknown',
      reasons: [
        'depends on @modelcontextprotocol/sdk ^1.20.0 but has no production source file to tell server from client',
      ],
    });
  });

  it('code alone makes a server where there is no package.json', () => {
    expect(classify(fixture('classify/no-package-json'))).toEqual({
      kind: 'server',
      reasons: ['constructs McpServer in src/server.ts'],
    });
  });

  it('judges the sources it is given instead of reading the folder, showing their paths as given', () => {
    const root = fixture('classify/library');
    const given = [{ path: 'lib/x/src/main.ts', text: 'const s = new McpServer({ name: "x" });' }];
    expect(classifyPackage(root, loadProjectDependencies(root), given)).toEqual({
      kind: 'server',
      reasons: ['constructs McpServer in lib/x/src/main.ts'],
    });
  });
});
