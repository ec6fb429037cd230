import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { AuditInputError } from '../errors.js';
import { compileMatcher } from '../matchers/compile.js';
import { BUNDLED_RULES_DIR } from '../package-root.js';
import { displayPath } from '../display-path.js';
import { ruleFilesIn } from '../rules/load.js';
import { ruleSchemaAjv } from '../rules/schema-validator.js';
import { failAt, parseYamlSource, validateSource } from '../yaml-source.js';
import type { FrameworkFact } from './types.js';

/** The bundled framework files: the package's `frameworks/` directory. */
export const BUNDLED_FRAMEWORKS_DIR = path.join(BUNDLED_RULES_DIR, '..', 'frameworks');

let validator: ValidateFunction | undefined;

// A framework file's shape; `where` is a matcher exactly as rule files write them (the rule schema's own $defs).
function frameworkFileValidator(): ValidateFunction {
  if (validator) return validator;
  const rules = JSON.parse(readFileSync(path.join(BUNDLED_RULES_DIR, 'rules.schema.json'), 'utf8')) as {
    $defs: Record<string, unknown>;
  };
  const text = { type: 'string', minLength: 1 };
  const id = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }; // kebab-case, as rule ids are
  validator = ruleSchemaAjv().compile({
    $defs: rules.$defs,
    type: 'object',
    additionalProperties: false,
    required: ['framework', 'title', 'package', 'facts'],
    properties: {
      framework: id,
      title: text,
      package: text,
      summary: { type: 'string' },
      facts: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['safeguard', 'versions', 'because', 'where'],
          properties: {
            safeguard: id,
            versions: text,
            because: text,
            where: { $ref: '#/$defs/matcher' },
          },
        },
      },
    },
  });
  return validator;
}

/**
 * Loads the framework files of the given directories (docs/frameworks.md). Errors name file, line, column and field,
 * as rule errors do; a directory that does not exist is an error unless it is the bundled one.
 */
export function loadFrameworkFacts(
  directories: readonly { dir: string; bundled: boolean }[],
): FrameworkFact[] {
  const facts: FrameworkFact[] = [];
  const seen = new Set<string>();
  for (const { dir, bundled } of directories) {
    if (bundled && !existsSync(dir)) continue;
    for (const file of ruleFilesIn(dir)) {
      const shown = displayPath(file);
      const source = parseYamlSource(shown, readFileSync(file, 'utf8'));
      validateSource(source, frameworkFileValidator());
      const raw = source.value as {
        framework: string;
        title: string;
        package: string;
        facts: { safeguard: string; versions: string; because: string; where: unknown }[];
      };
      if (seen.has(raw.framework))
        failAt(source, ['framework'], `framework '${raw.framework}' is defined twice`);
      seen.add(raw.framework);
      const fail = (at: readonly (string | number)[], message: string): never => failAt(source, at, message);
      raw.facts.forEach((fact, i) => {
        facts.push({
          framework: raw.framework,
          title: raw.title,
          package: raw.package,
          versions: fact.versions,
          safeguard: fact.safeguard,
          because: fact.because,
          where: compileMatcher(fact.where, ['facts', i, 'where'], fail),
          file: shown,
        });
      });
    }
  }
  return facts;
}

/** Throws, naming the framework file, when a fact names a safeguard that no loaded rule defines. */
export function checkFactTargets(facts: readonly FrameworkFact[], known: ReadonlySet<string>): void {
  for (const fact of facts) {
    if (!known.has(fact.safeguard)) {
      throw new AuditInputError(
        `framework '${fact.framework}' names safeguard '${fact.safeguard}', which no loaded rule defines`,
        { file: fact.file },
      );
    }
  }
}
