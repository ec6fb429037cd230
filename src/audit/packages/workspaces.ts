import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { globby } from 'globby';
import { parseDocument } from 'yaml';
import type { Diagnostic } from '../scorecard.js';
import { isRecord, readManifest, readTextFile } from './manifest.js';

/** One package of the audited project. */
export interface WorkspacePackage {
  name: string; // package.json's name; a package without one is named by its folder
  dir: string; // relative to the audited root, `/`-separated, '.' for the root
}

export interface DiscoveredPackages {
  packages: WorkspacePackage[]; // sorted by dir, the root first
  diagnostics: Diagnostic[];
}

export interface DiscoveryOptions {
  maxPackages?: number;
}

/** More packages than this is a vendored tree or a glob gone wide: the rest are left out with a diagnostic. */
export const MAX_PACKAGES = 1000;
/** How many path segments a workspace glob may reach, so that `packages/**` over a deep tree stays bounded. */
export const WORKSPACE_GLOB_DEPTH = 8;
/** Without workspace globs, package.json files are looked for this many folders below the root. */
export const NESTED_SCAN_DEPTH = 4;

// Never packages of the project: installed dependencies and version-control data (dot folders are skipped by the
// globs' `dot: false`).
const IGNORED = ['**/node_modules', '**/node_modules/**', '**/.git', '**/.git/**'];

/**
 * Finds the packages of the project at `root`: the root package, then the folders named by npm/yarn `workspaces`
 * and pnpm-workspace.yaml `packages` globs (both, when both are there), or, when neither names any, every
 * package.json up to NESTED_SCAN_DEPTH folders down. Symbolic links are never followed into: a link that is
 * itself a package folder counts when it points inside the root, and is skipped with a diagnostic otherwise.
 */
export async function discoverPackages(
  root: string,
  options: DiscoveryOptions = {},
): Promise<DiscoveredPackages> {
  const absoluteRoot = path.resolve(root);
  const realRoot = realpathSync(absoluteRoot);
  const diagnostics: Diagnostic[] = [];
  const rootManifest = readManifest(absoluteRoot, absoluteRoot);
  diagnostics.push(...rootManifest.diagnostics);
  const patterns = [
    ...(rootManifest.manifest?.workspaces ?? []),
    ...pnpmWorkspacePatterns(absoluteRoot, diagnostics),
  ].flatMap((pattern) => usablePattern(pattern, diagnostics));

  const candidates = patterns.some((p) => !p.startsWith('!'))
    ? await globby(patterns, {
        cwd: absoluteRoot,
        onlyFiles: false, // a symlinked folder is not a directory to fast-glob when links are not followed
        expandDirectories: false, // `workspaces: ["core"]` names the folder itself, not the files inside it
        followSymbolicLinks: false, // a link loop cannot hang the walk, and a link out of the root is not walked
        deep: WORKSPACE_GLOB_DEPTH,
        ignore: IGNORED,
        dot: false,
        suppressErrors: true,
      })
    : (
        await globby('**/package.json', {
          cwd: absoluteRoot,
          followSymbolicLinks: false,
          deep: NESTED_SCAN_DEPTH + 1,
          ignore: IGNORED,
          dot: false,
          suppressErrors: true,
        })
      ).map((file) => path.posix.dirname(file));

  const packages: WorkspacePackage[] = [];
  const seen = new Set<string>(); // real paths: a folder reached twice (through a link) is one package
  // A package.json that cannot be read still makes a package (its diagnostic says why it has no dependencies).
  if (rootManifest.manifest || existsSync(path.join(absoluteRoot, 'package.json'))) {
    packages.push({ name: rootManifest.manifest?.name ?? path.basename(absoluteRoot), dir: '.' });
    seen.add(realRoot);
  }
  const limit = options.maxPackages ?? MAX_PACKAGES;
  for (const dir of realFoldersFirst(absoluteRoot, candidates)) {
    const absolute = path.join(absoluteRoot, dir);
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      continue; // a dangling link
    }
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
      diagnostics.push({
        severity: 'warning',
        code: 'symlink-outside-root',
        message: `skipped: ${dir} is a link to ${real}, outside the audited root`,
        file: dir,
      });
      continue;
    }
    if (seen.has(real) || !existsSync(path.join(real, 'package.json'))) continue;
    if (packages.length >= limit) {
      diagnostics.push({
        severity: 'warning',
        code: 'too-many-packages',
        message: `more than ${limit} packages; ${dir} and the ones after it (by path) were left out`,
        file: dir,
      });
      break;
    }
    seen.add(real);
    const reading = readManifest(absolute, absoluteRoot);
    diagnostics.push(...reading.diagnostics);
    packages.push({ name: reading.manifest?.name ?? path.basename(absolute), dir });
  }
  if (packages.length === 0) {
    diagnostics.push({
      severity: 'info',
      code: 'no-package-json',
      message: 'no package.json at or below the audited root: dependencies and their versions are unknown',
    });
  }
  return { packages, diagnostics };
}

// Sorted by path, real folders before links, so that a package reachable both ways is named by its real folder
// and the order (hence the report) does not depend on the filesystem.
function realFoldersFirst(root: string, dirs: string[]): string[] {
  const unique = [...new Set(dirs)].filter((dir) => dir !== '.' && dir !== '').sort();
  const isLink = (dir: string): boolean => {
    try {
      return lstatSync(path.join(root, dir)).isSymbolicLink();
    } catch {
      return false;
    }
  };
  return [...unique.filter((dir) => !isLink(dir)), ...unique.filter(isLink)];
}

// pnpm-workspace.yaml's `packages`, with '!' negations. pnpm 10 also keeps settings there (catalogs, allowBuilds)
// in a file without `packages`, which then names no folders.
function pnpmWorkspacePatterns(root: string, diagnostics: Diagnostic[]): string[] {
  const file = 'pnpm-workspace.yaml';
  const text = readTextFile(path.join(root, file), file, 1024 * 1024);
  if (text === undefined) return [];
  if (typeof text !== 'string') {
    diagnostics.push(text);
    return [];
  }
  const document = parseDocument(text, { uniqueKeys: false });
  const error = document.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const reason = error.message.split('\n')[0] ?? 'invalid YAML';
    diagnostics.push({
      severity: 'warning',
      code: 'parse-error',
      message: `invalid YAML: ${reason}; its workspace globs were not read`,
      file,
      line: at?.line,
      column: at?.col,
    });
    return [];
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    const reason = (cause as Error).message.split('\n')[0] ?? 'unreadable YAML';
    diagnostics.push({
      severity: 'warning',
      code: 'parse-error',
      message: `${reason}; its workspace globs were not read`,
      file,
    });
    return [];
  }
  const packages = isRecord(value) ? value.packages : undefined;
  if (packages === undefined || packages === null) return [];
  if (!Array.isArray(packages)) {
    diagnostics.push({
      severity: 'warning',
      code: 'invalid-workspace',
      message: "'packages' is not a list",
      file,
    });
    return [];
  }
  return packages.filter((p): p is string => typeof p === 'string');
}

// A workspace glob names folders inside the root. Trailing slashes are cut (fast-glob matches nothing with them)
// and so is a leading './'; absolute globs and globs climbing out with '..' are refused.
function usablePattern(pattern: string, diagnostics: Diagnostic[]): string[] {
  const negated = pattern.startsWith('!');
  const body = (negated ? pattern.slice(1) : pattern).replace(/^\.\//, '').replace(/\/+$/, '');
  if (body === '' || body === '.') return [];
  if (path.posix.isAbsolute(body) || body.split('/').includes('..')) {
    diagnostics.push({
      severity: 'warning',
      code: 'workspace-outside-root',
      message: `workspace glob '${pattern}' points outside the audited root; ignored`,
    });
    return [];
  }
  return [negated ? `!${body}` : body];
}
