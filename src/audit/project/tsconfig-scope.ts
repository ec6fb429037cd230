import { existsSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import type { Diagnostic } from '../scorecard.js';

/**
 * The files the root tsconfig.json names (as far as the `asked` files go), relative to the root; undefined when there is none, it cannot be read,
 * or it names nothing here (a solution-style config with only references). The audit uses it to narrow what it
 * reads, and lists what it leaves out as `outside-tsconfig` so that the narrowing is never silent.
 */
export function tsconfigFiles(
  root: string,
  diagnostics: Diagnostic[],
  asked: readonly string[],
): Set<string> | undefined {
  const configPath = path.join(root, 'tsconfig.json');
  if (!existsSync(configPath)) return undefined;
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) {
    diagnostics.push({
      severity: 'warning',
      code: 'tsconfig-error',
      message: `tsconfig.json could not be read (${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}); files found by glob instead`,
      file: 'tsconfig.json',
    });
    return undefined;
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, { allowJs: true }, configPath);
  const inside = parsed.fileNames
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .filter((f) => !f.startsWith('../') && !path.isAbsolute(f));
  return inside.length > 0 ? withImportedFiles(root, inside, asked) : undefined;
}

const RESOLVED_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * The named files and every project file they import by a relative path, transitively: TypeScript puts an imported
 * file into the program whatever `include` says, and so does every bundler, so it is part of the server. (A tsconfig
 * whose `include` lists only entry points would otherwise hide the tools they import.) The set is only ever
 * asked about the `asked` files (those the defaults would audit), so reading imports stops once every one of them
 * is in it: the common tsconfig that includes the whole source tree costs no reads at all.
 */
function withImportedFiles(root: string, named: readonly string[], asked: readonly string[]): Set<string> {
  const files = new Set(named);
  const unreached = new Set(asked.filter((file) => !files.has(file)));
  const queue = [...named];
  while (queue.length > 0 && unreached.size > 0) {
    const file = queue.pop()!;
    const text = ts.sys.readFile(path.join(root, file));
    if (text === undefined) continue;
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveRelative(root, path.posix.join(path.posix.dirname(file), fileName));
      if (target === undefined || files.has(target)) continue;
      files.add(target);
      unreached.delete(target);
      queue.push(target);
    }
  }
  return files;
}

// `./tools` → tools.ts, tools/index.ts, ...; `./a.js` → a.ts (ESM imports name the emitted file). Inside the root only.
function resolveRelative(root: string, specifier: string): string | undefined {
  const normal = path.posix.normalize(specifier);
  if (normal.startsWith('../') || normal === '..') return undefined;
  const stem = normal.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [
    normal,
    ...RESOLVED_EXTENSIONS.map((ext) => `${stem}${ext}`),
    ...RESOLVED_EXTENSIONS.map((ext) => `${normal}/index${ext}`),
  ];
  return candidates.find(
    (candidate) => ts.sys.fileExists(path.join(root, candidate)) && !candidate.endsWith('.d.ts'),
  );
}

/**
 * The notice that the tsconfig narrowed the audit: `leftOut` are production sources it does not name, `kept` the
 * production sources it does. A warning when it keeps fewer than half of them (the score then describes a small
 * corner of the server), else an info.
 */
export function tsconfigNarrowing(leftOut: readonly string[], kept: number): Diagnostic | undefined {
  if (leftOut.length === 0) return undefined;
  const total = leftOut.length + kept;
  const folders = [
    ...new Set(leftOut.map((f) => (f.includes('/') ? `${f.slice(0, f.indexOf('/'))}/**` : f))),
  ];
  const shown = folders.slice(0, 3).map((f) => `'${f}'`);
  return {
    severity: kept * 2 < total ? 'warning' : 'info',
    code: 'tsconfig-narrows-scope',
    message:
      `tsconfig.json leaves out ${leftOut.length} of ${total} production source files (listed as ` +
      `outside-tsconfig); to audit them too, add --include ${shown.join(' --include ')}` +
      `${folders.length > shown.length ? ' (and more)' : ''} or include: in safeguard.config.yaml`,
    file: 'tsconfig.json',
  };
}
