import { globby } from 'globby';
import { compareText } from '../text-order.js';

/** Extensions the audit reads. */
export const SOURCE_EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];

/** True when the path names a file with one of the SOURCE_EXTENSIONS. */
export const isSourcePath = (file: string): boolean => SOURCE.test(file);

const SOURCE = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`);

/**
 * Never walked and never listed: installed packages are someone else's code (audited, if at all, in their own
 * repository) and .git holds objects, not sources. Everything else is walked and judged by what it is.
 */
const NEVER_WALKED = ['**/node_modules', '**/node_modules/**', '**/.git', '**/.git/**'];

/** The tree under the audited root: its source files and its symbolic links, `/`-separated, sorted. */
export interface TreeWalk {
  files: string[];
  links: string[];
}

/**
 * Walks the audited root without following symbolic links (they are judged one by one, so a loop cannot hang the
 * walk), honouring .gitignore files up to the enclosing git checkout. `alsoGlobs` (the user's include globs) are
 * walked a second time without .gitignore, because an explicit include outranks it.
 *
 * Gitignored files are not listed as excluded: finding them would mean walking the folders .gitignore keeps us out
 * of (build output, caches, virtual environments), which can hold far more files than the project itself.
 */
export async function walkTree(root: string, alsoGlobs: readonly string[]): Promise<TreeWalk> {
  const options = {
    cwd: root,
    ignore: NEVER_WALKED,
    followSymbolicLinks: false,
    dot: true, // dot folders are listed as `hidden` rather than silently dropped
    suppressErrors: true, // an unreadable folder is skipped, not fatal
  };
  const entries = await globby(['**/*'], { ...options, gitignore: true, onlyFiles: false, objectMode: true });
  const files = new Set<string>();
  const links: string[] = [];
  for (const entry of entries) {
    if (entry.dirent.isSymbolicLink()) links.push(entry.path);
    else if (entry.dirent.isFile() && SOURCE.test(entry.path)) files.add(entry.path);
  }
  if (alsoGlobs.length > 0) {
    for (const file of await globby([...alsoGlobs], { ...options, onlyFiles: true })) {
      if (SOURCE.test(file)) files.add(file);
    }
  }
  return { files: [...files].sort(compareText), links: links.sort(compareText) };
}
