import picomatch from 'picomatch';
import type { FileFacts } from '../facts/types.js';
import type { Scope } from './types.js';

/** The scope of the whole audited project. */
export function wholeProject(files: readonly FileFacts[]): Scope {
  return { files, contains: () => true, key: '*' };
}

/** Narrows a scope to files matching `files` globs (when given) and not matching `exclude` globs. */
export function narrowScope(
  scope: Scope,
  files: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
): Scope {
  if (!files?.length && !exclude?.length) return scope;
  const included = files?.length ? picomatch([...files], { dot: true }) : () => true;
  const excluded = exclude?.length ? picomatch([...exclude], { dot: true }) : () => false;
  const keep = (file: FileFacts): boolean =>
    scope.contains(file) && included(file.path) && !excluded(file.path);
  const kept = scope.files.filter(keep);
  const keptSet = new Set(kept);
  return {
    files: kept,
    contains: (file) => keptSet.has(file),
    key: `${scope.key}|${JSON.stringify([files ?? [], exclude ?? []])}`,
  };
}
