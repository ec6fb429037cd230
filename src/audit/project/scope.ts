import { lstatSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { compareText } from '../text-order.js';
import type { Diagnostic } from '../scorecard.js';
import { findGeneratedFolders, type GeneratedFolder } from './build-output.js';
import { sortExcluded, type ExcludedFile, type ExclusionReason } from './exclusion.js';
import { isHidden, nonProductionReason } from './non-production.js';
import { judgeLinks } from './symlinks.js';
import { tsconfigFiles, tsconfigNarrowing } from './tsconfig-scope.js';
import { walkTree } from './walk.js';

/** The user's globs, relative to the audited root: from the command line and from safeguard.config.yaml. */
export interface ScopeGlobs {
  flags?: { include?: readonly string[]; exclude?: readonly string[] };
  config?: { include?: readonly string[]; exclude?: readonly string[] };
}

/** What a folder audit reads, and everything it found but leaves out, with the reason. */
export interface AuditScope {
  audited: string[]; // sorted, relative to the root
  excluded: ExcludedFile[]; // sorted
}

const DECLARATION = /\.d\.[mc]?ts$/;
const MINIFIED = /\.min\.[mc]?js$/;

/**
 * Decides which source files of the folder `root` are audited. Production sources are, by default; tests, mocks,
 * examples, build output and the rest are listed with their reason. The user's globs decide first, most specific
 * source first: `--exclude`, then `--include`, then the config's `exclude`, then its `include`, then the defaults.
 */
export async function findAuditScope(
  root: string,
  globs: ScopeGlobs,
  diagnostics: Diagnostic[],
): Promise<AuditScope> {
  const user = userDecision(globs);
  const walk = await walkTree(root, [...(globs.flags?.include ?? []), ...(globs.config?.include ?? [])]);
  const excluded: ExcludedFile[] = [];
  // An include cannot bring a link in: what it points to is judged under its own path, or is outside the tree.
  const links = walk.links.filter((link) => {
    const reason = user(link);
    if (reason === undefined || reason === 'audit') return true;
    excluded.push({ path: link, reason });
    return false;
  });
  excluded.push(...judgeLinks(root, links, diagnostics));

  const isProduction = (file: string): boolean => productionReason(file) === undefined;
  const generated = findGeneratedFolders(root, walk.files, isProduction);
  // The verdict before the tsconfig is asked: 'audit' (the user's include), a reason, or undefined (production code).
  const folderOf = (file: string) => generated.find((g) => file.startsWith(`${g.folder}/`));
  const verdict = (file: string) => user(file) ?? folderOf(file)?.reason ?? productionReason(file);
  const tsconfig = tsconfigFiles(
    root,
    diagnostics,
    walk.files.filter((file) => verdict(file) === undefined),
  );
  const candidates = [...walk.files, ...missingTsconfigFiles(root, tsconfig, walk.files)];

  const audited: string[] = [];
  const leftOutByTsconfig: string[] = [];
  let keptByTsconfig = 0;
  const generatedCounts = new Map<GeneratedFolder, number>();
  for (const file of candidates) {
    let reason = verdict(file);
    if (reason === 'audit') {
      audited.push(file);
      continue;
    }
    if (reason === undefined && tsconfig) {
      if (tsconfig.has(file)) keptByTsconfig++;
      else {
        reason = 'outside-tsconfig';
        leftOutByTsconfig.push(file);
      }
    }
    if (reason === undefined) audited.push(file);
    else excluded.push({ path: file, reason });
    const folder = folderOf(file);
    if (folder && reason === folder.reason)
      generatedCounts.set(folder, (generatedCounts.get(folder) ?? 0) + 1);
  }

  for (const [folder, count] of generatedCounts) {
    diagnostics.push({
      severity: 'info',
      code: folder.reason,
      message: `${folder.folder}/: ${count} file${count === 1 ? '' : 's'} left out as ${folder.reason.replace('-', ' ')} (${folder.evidence})`,
    });
  }
  const narrowing = tsconfigNarrowing(leftOutByTsconfig, keptByTsconfig);
  if (narrowing) diagnostics.push(narrowing);
  return { audited: audited.sort(compareText), excluded: sortExcluded(excluded) };
}

// The default verdict on a file, build output aside: undefined for production code.
function productionReason(file: string): ExclusionReason | undefined {
  if (DECLARATION.test(file)) return 'declaration';
  if (MINIFIED.test(file)) return 'minified';
  return nonProductionReason(file) ?? (isHidden(file) ? 'hidden' : undefined);
}

// 'audit' when the user's globs bring the file in, a reason when they leave it out, undefined to let the defaults
// decide.
function userDecision(globs: ScopeGlobs): (file: string) => 'audit' | ExclusionReason | undefined {
  const match = (patterns: readonly string[] | undefined) =>
    patterns?.length ? picomatch(patterns.map(normalizeGlob), { dot: true }) : () => false;
  const flagExclude = match(globs.flags?.exclude);
  const flagInclude = match(globs.flags?.include);
  const configExclude = match(globs.config?.exclude);
  const configInclude = match(globs.config?.include);
  return (file) => {
    if (flagExclude(file)) return 'excluded-by-flag';
    if (flagInclude(file)) return 'audit';
    if (configExclude(file)) return 'excluded-by-config';
    if (configInclude(file)) return 'audit';
    return undefined;
  };
}

/** A glob as the user may write it (`./src/**`) in the form matched against root-relative paths (`src/**`). */
export function normalizeGlob(glob: string): string {
  return glob.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

// Files the root tsconfig.json names that do not exist at all: still tried, so that the reading reports them
// (a tsconfig naming a missing file is a broken checkout worth a diagnostic). Files it names that exist but were
// not walked (gitignored, installed packages) stay out.
function missingTsconfigFiles(
  root: string,
  tsconfig: ReadonlySet<string> | undefined,
  walked: readonly string[],
): string[] {
  if (!tsconfig) return [];
  const seen = new Set(walked);
  return [...tsconfig].filter((file) => {
    if (seen.has(file) || file.split('/').includes('node_modules')) return false;
    try {
      lstatSync(path.join(root, file));
      return false;
    } catch {
      return true;
    }
  });
}
