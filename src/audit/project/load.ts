import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { globby } from 'globby';
import picomatch from 'picomatch';
import { ts } from 'ts-morph';
import { AuditInputError } from '../errors.js';
import { compareText, displayPath } from '../rules/load.js';
import type { Diagnostic } from '../scorecard.js';

/** One source file read from the target: its path relative to the audited root and its text. */
export interface SourceText {
  path: string; // `/`-separated, relative to the root
  text: string;
  digest: string; // sha256 of the bytes read
}

/** The files of an audit target, read once, in path order, with what went wrong along the way. */
export interface LoadedProject {
  root: string; // absolute directory
  files: SourceText[];
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  maxFileBytes?: number;
}

/** Extensions the audit reads. */
export const SOURCE_EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];
/** Generated or vendored folders never audited. */
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

const DECLARATION = /\.d\.[mc]?ts$|\.min\.js$/;
const SOURCE = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`);

/**
 * Finds and reads the audit target: a directory (its tsconfig.json's files when it has one, else a glob that honours
 * .gitignore) or a single file. Unreadable, oversized and non-UTF-8 files become diagnostics, never crashes.
 */
export async function loadProject(target: string, options: LoadOptions = {}): Promise<LoadedProject> {
  const absolute = path.resolve(target);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw new AuditInputError(`target path does not exist: ${displayPath(absolute)}`);
  }
  if (!stats.isDirectory() && (!SOURCE.test(absolute) || DECLARATION.test(absolute))) {
    throw new AuditInputError(`not a TypeScript or JavaScript source file: ${displayPath(absolute)}`);
  }
  const diagnostics: Diagnostic[] = [];
  const root = stats.isDirectory() ? absolute : path.dirname(absolute);
  let relativePaths = stats.isDirectory()
    ? await findSourceFiles(root, options, diagnostics)
    : [path.basename(absolute)];
  relativePaths = [...new Set(relativePaths)].sort(compareText);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files: SourceText[] = [];
  for (const relative of relativePaths) {
    const file = readSource(root, relative, maxBytes, diagnostics);
    if (file) files.push(file);
  }
  return { root, files, diagnostics };
}

async function findSourceFiles(
  root: string,
  options: LoadOptions,
  diagnostics: Diagnostic[],
): Promise<string[]> {
  const fromTsconfig = tsconfigFiles(root, diagnostics);
  const ignore = [...SKIPPED_DIRECTORIES.map((d) => `**/${d}/**`), '**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];
  let found: string[];
  if (fromTsconfig) {
    const skipped = picomatch(ignore, { dot: true });
    found = fromTsconfig.filter((f) => !skipped(f));
  } else {
    found = await globby(options.include?.length ? [...options.include] : ['**/*'], {
      cwd: root,
      gitignore: true,
      ignore,
      onlyFiles: true,
      followSymbolicLinks: false, // a symlink loop must not hang or crash the audit
      dot: false,
      suppressErrors: true, // an unreadable directory is skipped, not fatal
    });
  }
  const included =
    fromTsconfig && options.include?.length ? picomatch([...options.include], { dot: true }) : undefined;
  const excluded = options.exclude?.length ? picomatch([...options.exclude], { dot: true }) : undefined;
  return found.filter(
    (f) => SOURCE.test(f) && !DECLARATION.test(f) && (!included || included(f)) && !excluded?.(f),
  );
}

// The files a tsconfig.json at the root names, relative to the root; undefined when there is none or it names
// nothing here (a solution-style config with only references).
function tsconfigFiles(root: string, diagnostics: Diagnostic[]): string[] | undefined {
  const configPath = path.join(root, 'tsconfig.json');
  if (!existsSync(configPath)) return undefined;
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) {
    diagnostics.push({
      severity: 'warning',
      code: 'tsconfig-error',
      message: `tsconfig.json could not be read (${flatten(read.error.messageText)}); files found by glob instead`,
      file: 'tsconfig.json',
    });
    return undefined;
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, { allowJs: true }, configPath);
  const inside = parsed.fileNames
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .filter((f) => !f.startsWith('../'));
  return inside.length > 0 ? inside : undefined;
}

function flatten(message: string | ts.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(message, ' ');
}

function readSource(
  root: string,
  relative: string,
  maxBytes: number,
  diagnostics: Diagnostic[],
): SourceText | undefined {
  const absolute = path.join(root, relative);
  let bytes: Buffer;
  try {
    const size = statSync(absolute).size;
    if (size > maxBytes) {
      diagnostics.push({
        severity: 'warning',
        code: 'file-too-large',
        message: `skipped: ${size} bytes is above the ${maxBytes}-byte limit for source files (generated code?)`,
        file: relative,
      });
      return undefined;
    }
    bytes = readFileSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const reason = code === 'ELOOP' ? 'symbolic link loop' : code === 'EACCES' ? 'permission denied' : code;
    diagnostics.push({
      severity: 'warning',
      code: 'unreadable-file',
      message: `skipped: ${reason}`,
      file: relative,
    });
    return undefined;
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const line = firstInvalidUtf8Line(bytes);
    diagnostics.push({
      severity: 'warning',
      code: 'non-utf8',
      message: 'the file is not valid UTF-8; invalid bytes were read as U+FFFD and the rest was audited',
      file: relative,
      line,
      column: 1,
    });
    text = new TextDecoder('utf-8').decode(bytes);
  }
  return { path: relative, text: text.startsWith('\uFEFF') ? text.slice(1) : text, digest };
}

// The 1-based line of the first byte sequence that is not UTF-8 (decoding line by line is enough to find it).
function firstInvalidUtf8Line(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return 1;
}
