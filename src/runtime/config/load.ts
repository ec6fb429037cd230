/**
 * `loadServerConfig(path)`: read a YAML or JSON file, validate it against the schema, normalise it. Every problem
 * is reported at once as `file:line:column: field: message`, in a ServerConfigError (the CLI exits 2 and starts
 * nothing).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { ServerConfigError } from './config-error.js';
import { normalizeConfig } from './normalize.js';
import type { ServerConfig } from './server-config.js';
import { type ConfigIssue, fieldName, validateConfigDocument } from './validate.js';

/** Config files are small; anything bigger is a mistake (or an attack on the parser). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads, validates and normalises a config file; throws ServerConfigError naming every bad field. */
export function loadServerConfig(path: string): ServerConfig {
  const source = path;
  let text: string;
  try {
    if (statSync(path).size > MAX_CONFIG_BYTES)
      throw new ServerConfigError(source, [`file is larger than ${MAX_CONFIG_BYTES} bytes`]);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ServerConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ServerConfigError(source, [
      code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'error'})`,
    ]);
  }
  // YAML 1.2 is a superset of JSON, so one parser serves both and gives positions for both.
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new ServerConfigError(
      source,
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return `${line}:${col}: ${error.message.split('\n')[0]}`;
      }),
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // An alias bomb (aliases of aliases, "billion laughs") stops at maxAliasCount with a ReferenceError: a bad
    // config, reported like any other, not a crash.
    throw new ServerConfigError(source, [(error as Error).message.split('\n')[0] ?? 'cannot be read']);
  }
  const locate = (issue: ConfigIssue) => {
    // A missing field has no node: point at the closest enclosing one that exists.
    for (let depth = issue.path.length; depth > 0; depth--) {
      const node = document.getIn(issue.path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return `${line}:${col}: ${fieldName(issue.path)}: ${issue.message}`;
      }
    }
    return `${fieldName(issue.path)}: ${issue.message}`;
  };
  return parseServerConfig(value, { source, baseDir: dirname(resolve(path)), locate });
}

export interface ParseOptions {
  /** Names the config in errors (a file path, or e.g. "config object"). */
  source?: string;
  /** Where relative paths in the config are resolved from (default: the working directory). */
  baseDir?: string;
  /** Formats an issue (the file loader adds line and column). */
  locate?: (issue: ConfigIssue) => string;
}

/** Validates and normalises a config given as an object (the seed's `new McpJsonRpcServer(config, …)`). */
export function parseServerConfig(value: unknown, options: ParseOptions = {}): ServerConfig {
  const source = options.source ?? 'config';
  const locate = options.locate ?? ((issue: ConfigIssue) => `${fieldName(issue.path)}: ${issue.message}`);
  const schemaIssues = validateConfigDocument(value);
  if (schemaIssues.length > 0) throw new ServerConfigError(source, schemaIssues.map(locate));
  const { config, issues } = normalizeConfig(value as Record<string, unknown>, {
    baseDir: options.baseDir ?? process.cwd(),
  });
  if (!config) throw new ServerConfigError(source, issues.map(locate));
  return config;
}
