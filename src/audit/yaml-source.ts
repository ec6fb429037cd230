/**
 * The audit's YAML inputs (rule files, framework files, safeguard.config.yaml) read through the shared
 * structured-file module: every problem is one line of an AuditInputError, `file:line:column: field: message`.
 */
import type { ValidateFunction } from 'ajv';
import { type AjvIssueOptions, ajvIssues } from '../shared/structured-file/ajv-issues.js';
import { type FieldPath, formatIssue, type LocatedIssue } from '../shared/structured-file/located-issue.js';
import {
  locateIssue,
  locateIssues,
  parseSourceDocument,
  type SourceDocument,
} from '../shared/structured-file/source-document.js';
import { AuditInputError } from './errors.js';

/** A parsed YAML file that remembers where each value came from, so errors can name line and column. */
export type YamlSource = SourceDocument;

/** An AuditInputError listing every issue, one line each (the CLI prints each on its own line). */
export function inputError(issues: readonly LocatedIssue[]): AuditInputError {
  return new AuditInputError(issues.map(formatIssue).join('\n'));
}

/** Parses YAML text; its syntax errors become an AuditInputError naming file, line and column of each. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const parsed = parseSourceDocument(file, text);
  if (!parsed.source) throw inputError(parsed.issues);
  return parsed.source;
}

/**
 * The problems a compiled JSON Schema finds in a parsed file, each at its place; empty when the file is valid. Only
 * a validator compiled with `allErrors` finds them all.
 */
export function schemaIssues(
  source: YamlSource,
  validate: ValidateFunction,
  options?: AjvIssueOptions,
): LocatedIssue[] {
  if (validate(source.value)) return [];
  return locateIssues(source, ajvIssues(validate.errors ?? [], options));
}

/** Validates a parsed file against a compiled JSON Schema; every problem is thrown at once with its place. */
export function validateSource(
  source: YamlSource,
  validate: ValidateFunction,
  options?: AjvIssueOptions,
): void {
  const issues = schemaIssues(source, validate, options);
  if (issues.length > 0) throw inputError(issues);
}

/** An issue at a field (or at one of its keys, for unknown or duplicate keys). */
export function issueAt(source: YamlSource, path: FieldPath, message: string, key?: string): LocatedIssue {
  return locateIssue(source, { path, ...(key === undefined ? {} : { key }), message });
}

/** Throws an AuditInputError at a field (or at one of its keys, for unknown or duplicate keys). */
export function failAt(source: YamlSource, path: FieldPath, message: string, key?: string): never {
  throw inputError([issueAt(source, path, message, key)]);
}
