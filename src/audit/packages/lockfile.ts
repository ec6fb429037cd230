import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseSyml } from '@yarnpkg/parsers';
import semver from 'semver';
import { parseDocument } from 'yaml';
import type { Diagnostic } from '../scorecard.js';
import { isRecord, parseJsonText, readManifest, readTextFile, shownPath } from './manifest.js';

/**
 * The lockfiles the audit reads, in the order chosen when one folder has several and its package.json does not
 * say which package manager it uses (`packageManager`). npm-shrinkwrap.json wins over package-lock.json, as npm
 * itself decides.
 */
export const LOCKFILE_NAMES = [
  'npm-shrinkwrap.json',
  'package-lock.json',
  'pnpm-lock.yaml',
  'yarn.lock',
] as const;
export type LockfileName = (typeof LOCKFILE_NAMES)[number];

/** Which lockfiles each corepack `packageManager` name writes. */
const LOCKFILES_OF_MANAGER: Record<string, readonly LockfileName[]> = {
  npm: ['npm-shrinkwrap.json', 'package-lock.json'],
  pnpm: ['pnpm-lock.yaml'],
  yarn: ['yarn.lock'],
};

/** Lockfiles of big monorepos run to tens of megabytes; beyond this one is skipped with a diagnostic. */
export const MAX_LOCKFILE_BYTES = 64 * 1024 * 1024;

/** One parsed lockfile, able to say which version of a dependency a package in its tree got. */
export interface Lockfile {
  name: LockfileName;
  file: string; // absolute
  /**
   * The installed version of `dependency` as the package in `packageDir` (absolute) sees it, or undefined when the
   * lockfile does not say (or says something that is not a semver version: a git commit, a local path).
   * `range` is the declared range: yarn.lock is keyed by it.
   */
  resolve(packageDir: string, dependency: string, range?: string): string | undefined;
}

export interface LockfileReading {
  lockfile?: Lockfile;
  diagnostics: Diagnostic[];
}

/**
 * Lockfiles already read, by absolute path: a workspace of fifty packages shares one lockfile, read once. A
 * cached reading carries its diagnostics only the first time it is handed out, so that they are reported once.
 */
export type LockfileCache = Map<string, Lockfile | undefined>;

export interface LockfileOptions {
  root?: string; // the audited root, for the paths diagnostics show (default: the package dir)
  cache?: LockfileCache;
}

/**
 * Finds the lockfile nearest to `packageDir`: in it or in a folder above, up to the repository's root (the first
 * folder holding `.git`, which is still searched) or the filesystem root, and reads it.
 */
export function findLockfile(packageDir: string, options: LockfileOptions = {}): LockfileReading {
  const root = options.root ?? packageDir;
  for (let dir = path.resolve(packageDir); ; dir = path.dirname(dir)) {
    const present = LOCKFILE_NAMES.filter((name) => isFile(path.join(dir, name)));
    if (present.length > 0) {
      const diagnostics: Diagnostic[] = [];
      const chosen = chooseLockfile(dir, present, root, diagnostics);
      const reading = readLockfileCached(path.join(dir, chosen), root, options.cache);
      return { lockfile: reading.lockfile, diagnostics: [...diagnostics, ...reading.diagnostics] };
    }
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return { diagnostics: [] };
  }
}

// Several lockfiles in one folder: the project changed package manager and one of them is stale. The manifest's
// packageManager field says which is current; without it the first in LOCKFILE_NAMES order is taken, and said.
function chooseLockfile(
  dir: string,
  present: LockfileName[],
  root: string,
  diagnostics: Diagnostic[],
): LockfileName {
  const first = present[0] as LockfileName;
  if (present.length === 1) return first;
  const manager = readManifest(dir, root).manifest?.packageManager?.split('@')[0];
  const preferred = manager
    ? LOCKFILES_OF_MANAGER[manager]?.find((name) => present.includes(name))
    : undefined;
  if (preferred) return preferred;
  diagnostics.push({
    severity: 'info',
    code: 'several-lockfiles',
    message: `${present.join(', ')} sit side by side and package.json names no packageManager; ${first} was read`,
    file: shownPath(root, path.join(dir, first)),
  });
  return first;
}

function readLockfileCached(file: string, root: string, cache: LockfileCache | undefined): LockfileReading {
  if (cache?.has(file)) return { lockfile: cache.get(file), diagnostics: [] };
  const reading = readLockfile(file, root);
  cache?.set(file, reading.lockfile);
  return reading;
}

/** Reads one lockfile; unreadable, broken or unrecognised files give a diagnostic and no lockfile. */
export function readLockfile(file: string, root = path.dirname(file)): LockfileReading {
  const shown = shownPath(root, file);
  const name = path.basename(file) as LockfileName;
  const text = readTextFile(file, shown, MAX_LOCKFILE_BYTES);
  if (text === undefined) return { diagnostics: [] };
  if (typeof text !== 'string') return { diagnostics: [text] };
  const parsed =
    name === 'pnpm-lock.yaml'
      ? pnpmLockfile(text, shown)
      : name === 'yarn.lock'
        ? yarnLockfile(text, shown)
        : npmLockfile(text, shown);
  if ('diagnostic' in parsed) {
    const diagnostic = {
      ...parsed.diagnostic,
      message: `${parsed.diagnostic.message}; versions are taken from package.json ranges instead`,
    };
    return { diagnostics: [diagnostic] };
  }
  const lockDir = path.dirname(file);
  return {
    lockfile: {
      name,
      file,
      resolve: (packageDir, dependency, range) =>
        parsed.resolve(importerPath(lockDir, packageDir), dependency, range),
    },
    diagnostics: [],
  };
}

/**
 * Resolved versions of a package's declared dependencies from the nearest lockfile; names the lockfile does not
 * know are left out, and the caller falls back to the declared range.
 */
export function resolvedVersions(
  packageDir: string,
  declared: Record<string, string>,
  options: LockfileOptions = {},
): { lockfile?: Lockfile; versions: Record<string, string>; diagnostics: Diagnostic[] } {
  const { lockfile, diagnostics } = findLockfile(packageDir, options);
  const versions = Object.create(null) as Record<string, string>;
  if (lockfile) {
    for (const [name, range] of Object.entries(declared)) {
      const version = lockfile.resolve(packageDir, name, range);
      if (version) versions[name] = version;
    }
  }
  return { lockfile, versions, diagnostics };
}

// A resolver over one lockfile format. `importer` is the package's folder relative to the lockfile's folder,
// `/`-separated, '' for the lockfile's own folder.
type Resolver = (importer: string, dependency: string, range: string | undefined) => string | undefined;
type Parsed = { resolve: Resolver } | { diagnostic: Diagnostic };

function importerPath(lockDir: string, packageDir: string): string {
  return path.relative(lockDir, path.resolve(packageDir)).split(path.sep).join('/');
}

// package-lock.json / npm-shrinkwrap.json.
// v2 and v3 list every installed folder under `packages`, keyed by its path ("node_modules/x",
// "packages/a/node_modules/x"); a package sees the nearest `node_modules/x` walking up from its folder, as Node's
// resolution does. Workspace links are `{ link: true, resolved: "packages/a" }`. v1 has only the root package's
// tree, under `dependencies`.
function npmLockfile(text: string, file: string): Parsed {
  const parsed = parseJsonText(text, file);
  if ('diagnostic' in parsed) return parsed;
  const lock = parsed.value;
  if (!isRecord(lock)) return unrecognised(file, 'not a JSON object');
  const { packages, dependencies } = lock;
  if (isRecord(packages)) {
    return {
      resolve: (importer, dependency) => {
        for (let dir = importer; ; dir = parentDir(dir)) {
          const entry = packages[`${dir === '' ? '' : `${dir}/`}node_modules/${dependency}`];
          if (isRecord(entry)) {
            const target =
              entry.link === true && typeof entry.resolved === 'string' ? packages[entry.resolved] : entry;
            return isRecord(target) ? installedVersion(target.version) : undefined;
          }
          if (dir === '') return undefined;
        }
      },
    };
  }
  if (isRecord(dependencies)) {
    return {
      resolve: (importer, dependency) => {
        const entry = importer === '' ? dependencies[dependency] : undefined;
        return isRecord(entry) ? installedVersion(entry.version) : undefined;
      },
    };
  }
  return unrecognised(file, 'neither `packages` nor `dependencies` is there');
}

function parentDir(dir: string): string {
  const slash = dir.lastIndexOf('/');
  return slash < 0 ? '' : dir.slice(0, slash);
}

// pnpm-lock.yaml.
// v5: `importers['packages/a'].dependencies.x: "1.2.3_peer@1.0.0"`, or the same groups at the top for a single
// project. v6: the values become `{ specifier, version: "1.2.3(peer@1.0.0)" }`. v9: always `importers`, even for
// one project (key '.').
const PNPM_GROUPS = ['dependencies', 'devDependencies', 'optionalDependencies'];
// The only top-level sections read; `packages` and `snapshots` are most of a big lockfile and say nothing about
// which version an importer got, so they are blanked (line by line, keeping line numbers) before parsing.
const PNPM_SECTIONS = new Set(['lockfileVersion', 'importers', ...PNPM_GROUPS]);

function pnpmLockfile(text: string, file: string): Parsed {
  const document = parseDocument(keepSections(text, PNPM_SECTIONS), { uniqueKeys: false });
  const error = document.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const message = `invalid YAML: ${error.message.split('\n')[0] ?? ''}`;
    return {
      diagnostic: {
        severity: 'warning',
        code: 'parse-error',
        message,
        file,
        line: at?.line,
        column: at?.col,
      },
    };
  }
  let lock: unknown;
  try {
    lock = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    return unrecognised(file, (cause as Error).message.split('\n')[0] ?? 'unreadable YAML');
  }
  if (!isRecord(lock)) return unrecognised(file, 'not a YAML mapping');
  const { importers } = lock;
  return {
    resolve: (importer, dependency) => {
      const entry = isRecord(importers)
        ? importers[importer === '' ? '.' : importer]
        : importer === ''
          ? lock
          : undefined;
      if (!isRecord(entry)) return undefined;
      for (const group of PNPM_GROUPS) {
        const deps = entry[group];
        const value = isRecord(deps) ? deps[dependency] : undefined;
        const version = isRecord(value) ? value.version : value;
        if (version !== undefined) return installedVersion(version);
      }
      return undefined;
    },
  };
}

function keepSections(text: string, keep: ReadonlySet<string>): string {
  let kept = true;
  return text
    .split('\n')
    .map((line) => {
      const key = /^([A-Za-z_][\w-]*):/.exec(line);
      if (key) kept = keep.has(key[1] as string);
      else if (/^\S/.test(line) && !line.startsWith('#')) kept = true; // not pnpm's shape: let the parser judge
      return kept ? line : '';
    })
    .join('\n');
}

// yarn.lock, classic (v1, its own text format) and berry (YAML with `__metadata`); @yarnpkg/parsers reads both.
// Entries are keyed by the descriptors that resolved to them, "x@^1.2.0, x@^1.3.0" (berry: "x@npm:^1.2.0"), and
// yarn's lockfile is one flat list for all workspaces: the declared range is the key, whichever package asks.
function yarnLockfile(text: string, file: string): Parsed {
  let lock: Record<string, unknown>;
  try {
    lock = parseSyml(text) as Record<string, unknown>;
  } catch (error) {
    return { diagnostic: yarnSyntaxError(error, file) };
  }
  const byDescriptor = new Map<string, string>();
  const byName = new Map<string, Set<string>>();
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '__metadata' || !isRecord(entry)) continue;
    const version = installedVersion(entry.version);
    if (!version) continue;
    for (const descriptor of key.split(',').map((d) => d.trim().replace(/^"|"$/g, ''))) {
      const at = descriptor.indexOf('@', 1); // a scoped name starts with '@'
      if (at < 0) continue;
      const name = descriptor.slice(0, at);
      byDescriptor.set(descriptor, version);
      byName.set(name, (byName.get(name) ?? new Set()).add(version));
    }
  }
  return {
    resolve: (_importer, dependency, range) => {
      if (range !== undefined) {
        const exact =
          byDescriptor.get(`${dependency}@${range}`) ?? byDescriptor.get(`${dependency}@npm:${range}`);
        if (exact) return exact;
      }
      // The range in package.json changed since the last install, or is a form yarn rewrote (workspace:, patch:):
      // one installed version is the answer; among several, the highest the range accepts.
      const versions = [...(byName.get(dependency) ?? [])];
      if (versions.length === 1) return versions[0];
      const valid = range !== undefined && semver.validRange(range) ? range : undefined;
      return valid ? (semver.maxSatisfying(versions, valid) ?? undefined) : undefined;
    },
  };
}

function yarnSyntaxError(error: unknown, file: string): Diagnostic {
  // js-yaml (berry) marks 0-based positions; the peg grammar (classic) gives 1-based ones.
  const { mark, location } = error as {
    mark?: { line: number; column: number };
    location?: { start: { line: number; column: number } };
  };
  const place = mark
    ? { line: mark.line + 1, column: mark.column + 1 }
    : location
      ? { line: location.start.line, column: location.start.column }
      : {};
  const reason = ((error as Error).message ?? String(error)).split('\n')[0];
  return {
    severity: 'warning',
    code: 'parse-error',
    message: `invalid yarn.lock: ${reason}`,
    file,
    ...place,
  };
}

/**
 * A lockfile's version string as a semver version: pnpm's peer suffixes ("1.2.3(react@18.0.0)", v5's
 * "1.2.3_react@18.0.0") and alias prefixes ("npm:@scope/x@1.2.3", "@scope/x@1.2.3", v5's "/@scope/x/1.2.3") are
 * cut; links, paths, git commits and yarn's placeholder for a workspace ("0.0.0-use.local") give undefined.
 */
export function installedVersion(raw: unknown): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const text = String(raw).replace(/\(.*$/, '').replace(/_.*$/, '');
  const candidate = semver.valid(text) ? text : /[@/]([^@/]+)$/.exec(text)?.[1];
  if (!candidate || !semver.valid(candidate) || candidate === '0.0.0-use.local') return undefined;
  return candidate;
}

function unrecognised(file: string, reason: string): { diagnostic: Diagnostic } {
  return {
    diagnostic: {
      severity: 'warning',
      code: 'unrecognised-lockfile',
      message: `unrecognised lockfile: ${reason}`,
      file,
    },
  };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
