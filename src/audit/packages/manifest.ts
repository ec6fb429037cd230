import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import type { Diagnostic } from '../scorecard.js';

/**
 * The dependency groups of a package.json, in the order that decides which range is kept when a name appears in
 * several: what the package installs for itself comes before what it only asks of its consumers (a peer range is
 * usually wider than the dev range the project actually develops and tests against).
 */
export const DEPENDENCY_KINDS = [
  'dependencies',
  'optionalDependencies',
  'devDependencies',
  'peerDependencies',
] as const;
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number];

/** What the audit reads from one package.json. */
export interface PackageManifest {
  file: string; // as shown in diagnostics: relative to the audited root, `/`-separated
  name?: string;
  version?: string;
  private?: boolean;
  packageManager?: string; // e.g. "pnpm@9.12.0" (corepack's field)
  dependencies: Record<string, string>; // name → declared range, all four groups merged
  dependencyKinds: Record<string, DependencyKind>; // name → the group its range came from
  workspaces?: string[]; // npm/yarn globs, from the array form or yarn's { packages: [...] } form
}

export interface ManifestReading {
  manifest?: PackageManifest; // absent when there is no package.json or it could not be read
  diagnostics: Diagnostic[];
}

/** A package.json bigger than this is not a hand-written manifest: skipped with a diagnostic. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

/** Reads `<dir>/package.json`; a missing file is not an error (many audited roots are bare source folders). */
export function readManifest(dir: string, root = dir): ManifestReading {
  const absolute = path.join(dir, 'package.json');
  const file = shownPath(root, absolute);
  const text = readTextFile(absolute, file, MAX_MANIFEST_BYTES);
  if (text === undefined) return { diagnostics: [] };
  if (typeof text !== 'string') return { diagnostics: [text] };
  return parseManifest(text, file);
}

/** Turns package.json text into a manifest; fields of the wrong type are dropped with a warning, never thrown. */
export function parseManifest(text: string, file: string): ManifestReading {
  const parsed = parseJsonText(text, file);
  if ('diagnostic' in parsed) return { diagnostics: [parsed.diagnostic] };
  const value = parsed.value;
  if (!isRecord(value)) {
    return {
      diagnostics: [invalid(file, 'package.json is not a JSON object; its dependencies are unknown')],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const dependencies = emptyRecord<string>();
  const dependencyKinds = emptyRecord<DependencyKind>();
  // Lowest precedence first, so that a later (stronger) group overwrites.
  for (const kind of [...DEPENDENCY_KINDS].reverse()) {
    const group = value[kind];
    if (group === undefined) continue;
    if (!isRecord(group)) {
      diagnostics.push(invalid(file, `'${kind}' is not an object; ignored`));
      continue;
    }
    for (const [name, range] of Object.entries(group)) {
      if (typeof range !== 'string') {
        diagnostics.push(invalid(file, `'${kind}.${name}' is not a string; ignored`));
        continue;
      }
      dependencies[name] = range;
      dependencyKinds[name] = kind;
    }
  }
  const manifest: PackageManifest = { file, dependencies, dependencyKinds };
  if (typeof value.name === 'string') manifest.name = value.name;
  if (typeof value.version === 'string') manifest.version = value.version;
  if (typeof value.private === 'boolean') manifest.private = value.private;
  if (typeof value.packageManager === 'string') manifest.packageManager = value.packageManager;
  const workspaces = workspacePatterns(value.workspaces, file, diagnostics);
  if (workspaces) manifest.workspaces = workspaces;
  return { manifest, diagnostics };
}

// npm and yarn take an array of globs; yarn classic also takes { packages: [...], nohoist: [...] }.
function workspacePatterns(field: unknown, file: string, diagnostics: Diagnostic[]): string[] | undefined {
  if (field === undefined) return undefined;
  const list = isRecord(field) ? field.packages : field;
  if (!Array.isArray(list)) {
    diagnostics.push(invalid(file, "'workspaces' is neither an array nor { packages: [...] }; ignored"));
    return undefined;
  }
  const patterns = list.filter((p): p is string => typeof p === 'string');
  if (patterns.length !== list.length)
    diagnostics.push(invalid(file, "'workspaces' has entries that are not strings"));
  return patterns;
}

/**
 * Parses JSON; a syntax error becomes a `parse-error` diagnostic naming the file and, where it can be found, the
 * line and column. Shared by package.json and package-lock.json.
 */
export function parseJsonText(text: string, file: string): { value: unknown } | { diagnostic: Diagnostic } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body) as unknown };
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'invalid JSON';
    const offset = jsonErrorOffset(body, reason);
    const place = offset === undefined ? {} : lineAndColumn(body, offset);
    return {
      diagnostic: {
        severity: 'warning',
        code: 'parse-error',
        message: `invalid JSON: ${reason}`,
        file,
        ...place,
      },
    };
  }
}

// V8 names the offset for most JSON errors ("... in JSON at position 42", and "(line 3 column 5)" from Node 22),
// but not for an unexpected token; TypeScript's JSON scanner then finds the place.
function jsonErrorOffset(text: string, reason: string): number | undefined {
  const position = /at position (\d+)/.exec(reason);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(reason)) return text.length;
  const { error } = ts.parseConfigFileTextToJson('package.json', text);
  return error?.start;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

/**
 * Reads a text file that may be absent: undefined when it does not exist, a diagnostic when it cannot be read or
 * is bigger than `maxBytes`, else its text.
 */
export function readTextFile(
  absolute: string,
  file: string,
  maxBytes: number,
): string | Diagnostic | undefined {
  try {
    const stats = statSync(absolute);
    if (!stats.isFile()) return undefined;
    if (stats.size > maxBytes) {
      return {
        severity: 'warning',
        code: 'file-too-large',
        message: `skipped: ${stats.size} bytes is above the ${maxBytes}-byte limit for this file`,
        file,
      };
    }
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { severity: 'warning', code: 'unreadable-file', message: `skipped: ${code ?? 'error'}`, file };
  }
}

/** A path as diagnostics show it: relative to the audited root, `/`-separated, `.` for the root itself. */
export function shownPath(root: string, absolute: string): string {
  const relative = path.relative(root, absolute).split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Package names come from the audited project: a name like "__proto__" or "constructor" must be an ordinary key.
function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function invalid(file: string, message: string): Diagnostic {
  return { severity: 'warning', code: 'invalid-manifest', message, file };
}
