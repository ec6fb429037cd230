import { compareText } from '../text-order.js';

/**
 * Why a file the audit found is not audited: a short kebab-case code, explained in docs/scope.md. The defaults
 * (from `declaration` to `outside-tsconfig`) are tried in this order and the first that applies is the one given,
 * so that a test inside build output is reported as build output.
 */
export const EXCLUSION_REASONS = [
  'excluded-by-flag', // --exclude
  'excluded-by-config', // exclude: in safeguard.config.yaml
  'declaration', // .d.ts: types only, no code runs
  'minified', // .min.js: bundled by a tool, not written by hand
  'build-output', // in a folder the project's own files name as build output (tsconfig outDir, package.json main...)
  'coverage-report', // in a coverage report folder (lcov.info beside it)
  'test',
  'mock',
  'fixture',
  'example',
  'script',
  'story',
  'benchmark',
  'tool-config',
  'hidden', // inside a dot folder, or a dot file: editor, CI and package-manager state
  'outside-tsconfig', // the root tsconfig.json does not name it
  'symlink', // a link inside the tree: what it points to is judged under its own path
  'symlink-outside-tree',
  'symlink-loop',
  'symlink-broken',
  'too-large', // above max-file-bytes: generated or bundled
  'unreadable',
] as const;

export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** A file left out of the audit and why; a path ending in `/` is a folder (a symbolic link to one). */
export interface ExcludedFile {
  path: string; // `/`-separated, relative to the audited root
  reason: ExclusionReason;
}

/** Excluded files in path order (then reason), so that reports are byte-identical run to run. */
export function sortExcluded(excluded: ExcludedFile[]): ExcludedFile[] {
  return excluded.sort((a, b) => compareText(a.path, b.path) || compareText(a.reason, b.reason));
}
