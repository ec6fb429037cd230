import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../scorecard.js';
import type { ExcludedFile } from './exclusion.js';
import { isSourcePath } from './walk.js';

/**
 * Judges the symbolic links found in the tree. None is followed: a link that points inside the tree leaves its
 * target to be audited once, under the target's own path (so nothing is counted twice); one that points outside is
 * not audited (the audit covers the folder it was given) and is worth a warning, since the server may use that
 * code; a cycle or a dangling link is reported, never followed. Links to files that are not sources are ignored.
 * `root` is the audited folder; `links` are relative to it.
 */
export function judgeLinks(
  root: string,
  links: readonly string[],
  diagnostics: Diagnostic[],
): ExcludedFile[] {
  if (links.length === 0) return [];
  const realRoot = realpathSync(root); // /tmp may itself be a link (macOS): compare real paths with real paths
  const excluded: ExcludedFile[] = [];
  for (const link of links) {
    const absolute = path.join(root, link);
    let target: string;
    let isFolder: boolean;
    try {
      target = realpathSync(absolute);
      isFolder = statSync(target).isDirectory();
    } catch (error) {
      if (!isSourcePath(link)) continue;
      const loop = (error as NodeJS.ErrnoException).code === 'ELOOP';
      excluded.push({ path: link, reason: loop ? 'symlink-loop' : 'symlink-broken' });
      diagnostics.push({
        severity: 'warning',
        code: loop ? 'symlink-loop' : 'symlink-broken',
        message: loop
          ? 'not audited: the symbolic link cannot be resolved, its links form a cycle'
          : 'not audited: the symbolic link points to a file that does not exist',
        file: link,
      });
      continue;
    }
    if (!isFolder && !isSourcePath(link) && !isSourcePath(target)) continue;
    const shown = isFolder ? `${link}/` : link;
    const relative = path.relative(realRoot, target);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      excluded.push({ path: shown, reason: 'symlink-outside-tree' });
      diagnostics.push({
        severity: 'warning',
        code: 'symlink-outside-tree',
        // Relative, not absolute: reports must not depend on where the checkout sits.
        message: `not audited: the symbolic link points outside the audited folder (to ${relative.split(path.sep).join('/')}); audit a folder that holds both to include that code`,
        file: link,
      });
    } else if (isFolder && (relative === '' || path.join(realRoot, link).startsWith(target + path.sep))) {
      excluded.push({ path: shown, reason: 'symlink-loop' });
      diagnostics.push({
        severity: 'info',
        code: 'symlink-loop',
        message:
          'the symbolic link points to a folder that contains it; followed, it would never end, so its files ' +
          'are audited once under their own paths',
        file: link,
      });
    } else {
      excluded.push({ path: shown, reason: 'symlink' });
    }
  }
  return excluded;
}
