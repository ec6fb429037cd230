import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { AuditInputError } from '../errors.js';
import { displayPath } from '../display-path.js';
import type { FieldPath } from '../field-path.js';
import { compileMatcher } from '../matchers/compile.js';
import type { SafeguardKind } from '../scorecard.js';
import { compareText } from '../text-order.js';
import { formatIssue } from '../../shared/structured-file/located-issue.js';
import { failAt, issueAt, validateSource, type YamlSource } from '../yaml-source.js';
import { FINDING_FIELDS, findingOf } from './finding.js';
import { ruleSource } from './parsed-rules.js';
import { loadRuleSchemaValidator } from './schema-validator.js';
import type { Capability, RuleSet, Safeguard } from './types.js';

// The CLI's `list-files` imports it from here; the project loader takes it from display-path.ts, below the rules.
export { displayPath };

/** A directory of rule files and whether it is the bundled pack. */
export interface RuleDirectory {
  dir: string;
  bundled: boolean;
}

let validator: ValidateFunction | undefined;

/** The compiled rules/rules.schema.json (loaded once per process). */
export function ruleFileValidator(): ValidateFunction {
  validator ??= loadRuleSchemaValidator();
  return validator;
}

/** The rule files (`*.yaml`, `*.yml`) of a directory, sorted; a missing directory is an AuditInputError. */
export function ruleFilesIn(dir: string): string[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory())
      throw new AuditInputError(`rule path is not a directory: ${displayPath(dir)}`);
    entries = readdirSync(dir);
  } catch (error) {
    if (error instanceof AuditInputError) throw error;
    throw new AuditInputError(`rule directory not found: ${displayPath(dir)}`);
  }
  return entries
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * Loads, validates and compiles the rule files of the given directories. Every file is read, and every problem is
 * reported at once, one line each naming file, line, column and field: YAML syntax, schema violations, bad regular
 * expressions, duplicate ids, and user rules that redefine a bundled id.
 */
export function loadRuleSet(directories: readonly RuleDirectory[]): RuleSet {
  const capabilities = new Map<string, Capability>();
  const safeguards = new Map<string, { capability: Capability; source: YamlSource }>();
  const problems: string[] = [];
  for (const { dir, bundled } of directories) {
    const files = ruleFilesIn(dir);
    if (files.length === 0 && !bundled)
      throw new AuditInputError(`no rule files (*.yaml) in ${displayPath(dir)}`);
    for (const file of files) {
      let source: YamlSource;
      let capability: Capability;
      try {
        source = readRuleSource(file);
        capability = compileCapability(source, bundled);
      } catch (error) {
        if (!(error instanceof AuditInputError)) throw error;
        problems.push(error.message);
        continue;
      }
      const problem = (at: FieldPath, message: string) =>
        problems.push(formatIssue(issueAt(source, at, message)));
      const previous = capabilities.get(capability.id);
      if (previous) {
        problem(['capability'], `capability '${capability.id}' is already defined in ${previous.file}`);
        continue;
      }
      capability.safeguards.forEach((safeguard, i) => {
        const earlier = safeguards.get(safeguard.id);
        if (earlier) {
          const what =
            earlier.capability.bundled && !bundled
              ? 'redefines the bundled safeguard'
              : 'duplicates safeguard';
          problem(['safeguards', i, 'id'], `${what} '${safeguard.id}' of ${earlier.capability.file}`);
        } else safeguards.set(safeguard.id, { capability, source });
      });
      capabilities.set(capability.id, capability);
    }
  }
  if (problems.length > 0) throw new AuditInputError(problems.join('\n'));
  return { capabilities: [...capabilities.values()].sort((a, b) => compareText(a.id, b.id)) };
}

/** Reads and parses one rule file (errors name the file). */
export function readRuleSource(file: string): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AuditInputError(`cannot read rule file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
      file: displayPath(file),
    });
  }
  return ruleSource(displayPath(file), text);
}

/** A value that fits none of a rule field's forms (a pattern that is neither a string nor a list, …). */
const RULE_SHAPES = { wrongShape: 'has the wrong type (see docs/rule-language.md for the allowed forms)' };

/**
 * Validates one parsed rule file against the schema and compiles its matchers; throws an AuditInputError listing
 * every schema problem, or else the first problem of each safeguard's matchers.
 */
export function compileCapability(source: YamlSource, bundled: boolean): Capability {
  validateSource(source, ruleFileValidator(), RULE_SHAPES);
  const raw = source.value as {
    capability: string;
    title: string;
    summary?: string;
    'not-applicable'?: string;
    threshold?: number;
    safeguards: Record<string, unknown>[];
  };
  // A rule file that marks no safeguard core (written before the status contract) treats every requirement as
  // core: all of them for `present`, some for `partial`, as its scores meant then.
  const marksCore = raw.safeguards.some((entry) => entry.core === true);
  const fail = (at: FieldPath, message: string): never => failAt(source, at, message);
  const problems: string[] = [];
  const safeguards = raw.safeguards.flatMap((entry, i): Safeguard[] => {
    try {
      return [compileSafeguard(entry, ['safeguards', i], marksCore, fail)];
    } catch (error) {
      // A matcher stops at its first problem; the next safeguard may still have its own to report.
      if (!(error instanceof AuditInputError)) throw error;
      problems.push(error.message);
      return [];
    }
  });
  if (problems.length > 0) throw new AuditInputError(problems.join('\n'));
  return {
    id: raw.capability,
    title: raw.title,
    summary: raw.summary ?? '',
    notApplicable: raw['not-applicable'],
    threshold: raw.threshold,
    file: source.file,
    bundled,
    safeguards,
  };
}

function compileSafeguard(
  entry: Record<string, unknown>,
  at: FieldPath,
  marksCore: boolean,
  fail: (at: FieldPath, message: string) => never,
): Safeguard {
  const appliesWhen = entry['applies-when'];
  const kind = (entry.kind as SafeguardKind | undefined) ?? 'requirement';
  // Finding metadata describes what a found violation means; on a requirement it would never be shown.
  const misplaced = kind === 'requirement' ? FINDING_FIELDS.find((field) => field in entry) : undefined;
  if (misplaced) fail([...at, misplaced], `'${misplaced}' is for kind: violation safeguards only`);
  return {
    id: entry.id as string,
    title: entry.title as string,
    rationale: (entry.rationale as string | undefined) ?? '',
    weight: entry.weight as number,
    kind,
    core: marksCore ? entry.core === true : entry.kind !== 'violation',
    docs: (entry.docs as string | undefined) ?? '',
    finding: kind === 'violation' ? findingOf(entry) : undefined,
    files: entry.files as string[] | undefined,
    exclude: entry.exclude as string[] | undefined,
    appliesWhen:
      appliesWhen === undefined ? undefined : compileMatcher(appliesWhen, [...at, 'applies-when'], fail),
    evidence: compileMatcher(entry.evidence, [...at, 'evidence'], fail),
    source: entry,
  };
}
