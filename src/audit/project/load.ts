import { statSync } from 'node:fs';
import path from 'node:path';
import { AuditInputError } from '../errors.js';
import { displayPath } from '../display-path.js';
import type { Diagnostic } from '../scorecard.js';
import { sortExcluded, type ExcludedFile } from './exclusion.js';
import { readSource, type SourceText } from './read-source.js';
import { findAuditScope } from './scope.js';
import { isSourcePath } from './walk.js';

export type { SourceText } from './read-source.js';
export type { ExcludedFile, ExclusionReason } from './exclusion.js';
export { SOURCE_EXTENSIONS } from './walk.js';

/** The files of an audit target, read once, in path order, with what was left out and what went wrong. */
export interface LoadedProject {
  root: string; // absolute directory
  files: SourceText[];
  /** Every source file found but not audited, with its reason (docs/scope.md); installed packages aside. */
  excluded: ExcludedFile[];
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /** `include` / `exclude` of safeguard.config.yaml: globs relative to the audited root. */
  include?: readonly string[];
  exclude?: readonly string[];
  /** The same from the command line (`--include`, `--exclude`); they outrank the config's. */
  flags?: { include?: readonly string[]; exclude?: readonly string[] };
  maxFileBytes?: number;
}

/**
 * Generated or vendored folder names, for quick scans that cannot afford to judge each file (packages' server
 * detection). loadProject no longer skips folders by name: it tells build output from hand-written `lib/` by the
 * project's own files (docs/scope.md).
 */
export const SKIPPED_DIRECTORIES = [
  'node_modules',
  'dist',
  'build',
  'lib',
  'out',
  'coverage',
  '.git',
  '.next',
];

/** Files above this size are generated or bundled code: skipped with a diagnostic. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Finds and reads the audit target: a directory (its production sources, as docs/scope.md describes: what it
 * leaves out is listed with the reason) or a single file (audited whatever it is: it was named). Unreadable,
 * oversized and non-UTF-8 files become diagnostics, never crashes.
 */
export async function loadProject(target: string, options: LoadOptions = {}): Promise<LoadedProject> {
  const absolute = path.resolve(target);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw new AuditInputError(`target path does not exist: ${displayPath(absolute)}`);
  }
  if (!stats.isDirectory() && (!isSourcePath(absolute) || /\.d\.[mc]?ts$/.test(absolute))) {
    throw new AuditInputError(`not a TypeScript or JavaScript source file: ${displayPath(absolute)}`);
  }
  const diagnostics: Diagnostic[] = [];
  const root = stats.isDirectory() ? absolute : path.dirname(absolute);
  const scope = stats.isDirectory()
    ? await findAuditScope(
        root,
        {
          ...(options.flags ? { flags: options.flags } : {}),
          config: {
            ...(options.include ? { include: options.include } : {}),
            ...(options.exclude ? { exclude: options.exclude } : {}),
          },
        },
        diagnostics,
      )
    : { audited: [path.basename(absolute)], excluded: [] };
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files: SourceText[] = [];
  const excluded = [...scope.excluded];
  for (const relative of scope.audited) {
    const file = readSource(root, relative, maxBytes, diagnostics);
    if (typeof file === 'string') excluded.push({ path: relative, reason: file });
    else files.push(file);
  }
  return { root, files, excluded: sortExcluded(excluded), diagnostics };
}
