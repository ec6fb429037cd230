/**
 * `loadServerConfig(path)`: read a YAML or JSON file and check it against the serve config's schema
 * (serve-config.ts). Every problem is reported at once, each naming its file, line, column and field, in a
 * ServerConfigError (the CLI exits 2 and starts nothing).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  locateIssues,
  objectSource,
  parseSourceDocument,
  type SourceDocument,
} from '../../shared/structured-file/source-document.js';
import { checkWithZod } from '../../shared/structured-file/zod-issues.js';
import { ServerConfigError } from './config-error.js';
import { type ServeConfig, serveConfigSchema } from './serve-config.js';

/** Config files are small; anything bigger is a mistake (or an attack on the parser). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads and checks a config file; throws ServerConfigError naming every bad field. */
export function loadServerConfig(path: string): ServeConfig {
  const parsed = parseSourceDocument(path, readConfigText(path));
  if (!parsed.source) throw new ServerConfigError(parsed.issues);
  // An empty file is an empty config: every section absent or at its defaults.
  const source = { ...parsed.source, value: parsed.source.value ?? {} };
  return checkServeConfig(source, dirname(resolve(path)));
}

export interface ParseOptions {
  /** Names the config in errors (a file path, or e.g. "config object"). */
  source?: string;
  /** Where relative paths in the config are resolved from (default: the working directory). */
  baseDir?: string;
}

/** Checks a config given as an object (what a config file holds, e.g. built in code or a test). */
export function parseServerConfig(value: unknown, options: ParseOptions = {}): ServeConfig {
  return checkServeConfig(objectSource(options.source ?? 'config', value), options.baseDir ?? process.cwd());
}

function checkServeConfig(source: SourceDocument, baseDir: string): ServeConfig {
  const result = checkWithZod(serveConfigSchema(baseDir), source.value);
  if (result.success) return result.data;
  throw new ServerConfigError(locateIssues(source, result.issues));
}

function readConfigText(path: string): string {
  const fail = (message: string) => new ServerConfigError([{ file: path, message }]);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw fail(failure(error));
  }
  if (size > MAX_CONFIG_BYTES) throw fail(`file is larger than ${MAX_CONFIG_BYTES} bytes`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(failure(error));
  }
}

function failure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'error'})`;
}
