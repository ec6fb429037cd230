import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { compareText } from '../text-order.js';

/** A folder the project's own files identify as generated, and the file that says so. */
export interface GeneratedFolder {
  folder: string; // `/`-separated, relative to the audited root, no trailing slash
  reason: 'build-output' | 'coverage-report';
  evidence: string; // e.g. `tsconfig.json compilerOptions.outDir`
}

/**
 * The folders of the audited root that hold build output or a coverage report, recognised from the project's own
 * files, never from a folder's name: `lib/` may be hand-written (`src/lib/auth.ts`) and `dist/` may not exist.
 * `files` are the source files found (relative); `isProduction` says which of them would be audited by default.
 */
export function findGeneratedFolders(
  root: string,
  files: readonly string[],
  isProduction: (file: string) => boolean,
): GeneratedFolder[] {
  const found = new Map<string, GeneratedFolder>();
  const add = (folder: GeneratedFolder): void => {
    if (!found.has(folder.folder)) found.set(folder.folder, folder);
  };
  tsconfigOutDirs(root).forEach(add);
  packageEntryFolders(root, files, isProduction).forEach(add);
  coverageFolders(root, files).forEach(add);
  return [...found.values()];
}

// compilerOptions.outDir / declarationDir of every tsconfig*.json at the root, with `extends` resolved.
function tsconfigOutDirs(root: string): GeneratedFolder[] {
  const names = readdirSync(root)
    .filter((name) => /^tsconfig.*\.json$/i.test(name))
    .sort();
  // Only the options are wanted: a host that lists no files spares a walk of the tree per tsconfig.
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    readDirectory: () => [],
    fileExists: (p) => ts.sys.fileExists(p),
    readFile: (p) => ts.sys.readFile(p),
  };
  const folders: GeneratedFolder[] = [];
  for (const name of names) {
    const configPath = path.join(root, name);
    const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
    if (read.error) continue; // the root tsconfig.json's errors are reported where its file list is read
    const { options } = ts.parseJsonConfigFileContent(read.config, host, root, undefined, configPath);
    for (const key of ['outDir', 'declarationDir'] as const) {
      const folder = insideRoot(root, options[key]);
      if (folder)
        folders.push({ folder, reason: 'build-output', evidence: `${name} compilerOptions.${key}` });
    }
  }
  return folders;
}

const ENTRY_FIELDS = ['main', 'module', 'types', 'typings', 'bin', 'exports'] as const;

/**
 * Folders that package.json's entry points lead into, when the folder holds no TypeScript source of its own while
 * the project has some elsewhere: `"main": "dist/index.js"` beside `src/index.ts` means dist/ is compiled. In a
 * project without TypeScript nothing tells compiled JavaScript from hand-written, so nothing is assumed.
 */
function packageEntryFolders(
  root: string,
  files: readonly string[],
  isProduction: (file: string) => boolean,
): GeneratedFolder[] {
  const manifest = readJson(path.join(root, 'package.json'));
  if (!manifest) return [];
  const typescript = files.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && isProduction(f));
  const byFolder = new Map<string, string[]>();
  for (const field of ENTRY_FIELDS) {
    for (const entry of strings(manifest[field])) {
      const relative = path.posix.normalize(entry.replace(/\\/g, '/'));
      if (relative.startsWith('../') || path.posix.isAbsolute(relative) || !relative.includes('/')) continue;
      const folder = relative.slice(0, relative.indexOf('/'));
      byFolder.set(folder, [...new Set([...(byFolder.get(folder) ?? []), field])]);
    }
  }
  const folders: GeneratedFolder[] = [];
  for (const [folder, fields] of [...byFolder].sort(([a], [b]) => compareText(a, b))) {
    const own = typescript.some((f) => f.startsWith(`${folder}/`));
    const elsewhere = typescript.some((f) => !f.startsWith(`${folder}/`));
    if (!own && elsewhere) {
      const named = fields.map((f) => `"${f}"`).join(', ');
      folders.push({ folder, reason: 'build-output', evidence: `package.json ${named}` });
    }
  }
  return folders;
}

// Istanbul/V8 coverage reports put lcov-report/*.js beside lcov.info or coverage-final.json.
function coverageFolders(root: string, files: readonly string[]): GeneratedFolder[] {
  const tops = [...new Set(files.filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/'))))];
  return tops
    .sort(compareText)
    .filter((top) => ['lcov.info', 'coverage-final.json'].some((m) => existsSync(path.join(root, top, m))))
    .map((folder) => ({
      folder,
      reason: 'coverage-report',
      evidence: `${folder}/lcov.info or coverage-final.json`,
    }));
}

// A folder inside the root (relative, `/`-separated), or undefined for the root itself or a folder outside it:
// an outDir of `.` means the JavaScript sits beside the sources, and cannot be told apart by folder.
function insideRoot(root: string, folder: string | undefined): string | undefined {
  if (!folder) return undefined;
  const relative = path.relative(root, path.resolve(root, folder));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

// Every string inside a package.json field: `bin` and `exports` may be strings, objects or arrays, nested.
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined; // no package.json, or one npm itself would refuse: no evidence either way
  }
}
