// The real-world corpus (test/real-world/labels/*.yaml): public MCP servers labeled by reading their code against
// docs/scoring.md before the audit ever ran on them. No third-party code is committed: each label names a
// repository, a commit and a folder, and this module materializes those sources from a local git mirror or clone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

export const LABELS_DIR = 'test/real-world/labels';

// Which files of a repository the audit can read: sources and the project files that say what they are. Media and
// other large blobs are left out (mirrors often lack them, and the audit never reads them).
const KEPT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json|yaml|yml)$|(^|\/)(\.gitignore|yarn\.lock|\.npmignore)$/;
const MAX_BLOB = 2 * 1024 * 1024;

/** Every label file, parsed, in file-name order. */
export function readLabels(dir = LABELS_DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file: path.join(dir, file), ...parse(readFileSync(path.join(dir, file), 'utf8')) }));
}

/** Where the mirrors are: SAFEGUARD_MIRRORS, else /work/.mirror (one `<owner>+<name>/repo` git dir each). */
export function mirrorDir() {
  return process.env.SAFEGUARD_MIRRORS ?? '/work/.mirror';
}

/**
 * Where materialized trees go: SAFEGUARD_CORPUS_DIR, else safeguard-corpus/ in the temporary folder. Never inside
 * this checkout: the audit honours the .gitignore files of the enclosing git checkout, as it does for any project.
 */
export function corpusDir() {
  return path.resolve(process.env.SAFEGUARD_CORPUS_DIR ?? path.join(tmpdir(), 'safeguard-corpus'));
}

/** The git directory holding a label's repository, or undefined when no mirror or clone of it is here. */
export function gitDirOf(label) {
  const name = label.repository.replace('/', '+');
  for (const candidate of [path.join(mirrorDir(), name, 'repo'), path.join(mirrorDir(), name)]) {
    if (!existsSync(candidate)) continue;
    try {
      execFileSync('git', ['--git-dir', candidate, 'cat-file', '-e', `${label.commit}^{commit}`], {
        stdio: 'ignore',
      });
      return candidate;
    } catch {
      // not a git dir, or the labeled commit is not in it
    }
  }
  return undefined;
}

/**
 * The labeled commit's tree at `<corpus>/<owner>+<name>@<commit12>` (written once, reused after), or undefined when
 * the sources are not available on this machine.
 */
export function materialize(label) {
  const target = path.join(corpusDir(), `${label.repository.replace('/', '+')}@${label.commit.slice(0, 12)}`);
  if (existsSync(path.join(target, '.complete'))) return target;
  const gitDir = gitDirOf(label);
  if (!gitDir) return undefined;
  const listing = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-l', '-z', label.commit], {
    maxBuffer: 256 * 1024 * 1024,
  }).toString('utf8');
  const part = `${target}.part`;
  rmSync(part, { recursive: true, force: true });
  for (const entry of listing.split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+)\s+(-|\d+)\t(.*)$/s.exec(entry);
    if (!match) continue;
    const [, mode, type, object, size, file] = match;
    if (type !== 'blob' || mode === '120000' || !KEPT.test(file) || Number(size) > MAX_BLOB) continue;
    if (file.split('/').includes('node_modules')) continue;
    let bytes;
    try {
      bytes = execFileSync('git', ['--git-dir', gitDir, 'cat-file', 'blob', object], {
        maxBuffer: MAX_BLOB * 2,
      });
    } catch {
      continue; // a blob the mirror does not hold
    }
    const out = path.join(part, file);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, bytes);
  }
  writeFileSync(path.join(part, '.complete'), `${label.repository} ${label.commit}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(part, target);
  return target;
}
