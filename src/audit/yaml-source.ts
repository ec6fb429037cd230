import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { AuditInputError } from './errors.js';
import type { FieldPath } from './field-path.js';

/** A parsed YAML file that remembers where each value came from, so errors can name line and column. */
export interface YamlSource {
  file: string; // as shown in messages
  document: Document;
  lines: LineCounter;
  value: unknown;
}

/** Parses YAML text; a syntax error becomes an AuditInputError naming file, line and column. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    const message = error.message.split('\n')[0] ?? 'invalid YAML';
    throw new AuditInputError(`YAML syntax error: ${message}`, { file, line, column: col });
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw new AuditInputError(`YAML error: ${(cause as Error).message.split('\n')[0]}`, { file });
  }
  return { file, document, lines, value };
}

/** Throws an AuditInputError at a field (or at one of its keys, for unknown or duplicate keys). */
export function failAt(source: YamlSource, path: FieldPath, message: string, key?: string): never {
  const { line, column } = positionOf(source, path, key);
  const field = fieldName(key === undefined ? path : [...path, key]);
  throw new AuditInputError(message, { file: source.file, line, column, ...(field ? { field } : {}) });
}

/** Validates a parsed file against a compiled JSON Schema; the first error is thrown with its place. */
export function validateSource(
  source: YamlSource,
  validate: ValidateFunction,
  describe = describeError,
): void {
  if (validate(source.value)) return;
  const errors = validate.errors ?? [];
  // With anyOf, ajv lists each branch's failure before the anyOf itself; the last error is the one to explain.
  const error = errors[errors.length - 1];
  if (!error) failAt(source, [], 'does not match the schema');
  const path = pointerToPath(error.instancePath);
  const key =
    error.keyword === 'additionalProperties'
      ? String((error.params as { additionalProperty: string }).additionalProperty)
      : undefined;
  failAt(source, path, describe(error), key);
}

/** A one-line explanation of a schema error, in the words a rule author uses. */
export function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown field '${String(params.additionalProperty)}'`;
    case 'required':
      return `missing required field '${String(params.missingProperty)}'`;
    case 'type':
      return `must be ${String(params.type)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'anyOf':
    case 'oneOf':
      return 'has the wrong type (see docs/rule-language.md for the allowed forms)';
    case 'pattern':
      return `'${String(error.data)}' does not match ${String(params.pattern)}`;
    default:
      return error.message ?? 'is not valid';
  }
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function fieldName(path: FieldPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

function positionOf(source: YamlSource, path: FieldPath, key?: string): { line: number; column: number } {
  // The node at the path, or the nearest ancestor that exists.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = source.document.getIn(path.slice(0, depth), true);
    if (!node || typeof node !== 'object') continue;
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return toPosition(source, range[0]);
    }
    const range = (node as { range?: [number, number, number] }).range;
    if (range) return toPosition(source, range[0]);
  }
  return { line: 1, column: 1 };
}

function toPosition(source: YamlSource, offset: number): { line: number; column: number } {
  const { line, col } = source.lines.linePos(offset);
  return { line, column: col };
}
