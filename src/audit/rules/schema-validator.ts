import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { BUNDLED_RULES_DIR } from '../package-root.js';

/** Where the build writes the rule schema's validator as ajv standalone code (next to this module in lib/). */
export const PRECOMPILED_VALIDATOR = fileURLToPath(new URL('./rules-schema.validate.cjs', import.meta.url));

/** The ajv instance the rule schema is compiled with, at run time and (with `source`) at build time. */
export function ruleSchemaAjv(source = false): Ajv2020 {
  // No inlined refs (the matcher schema is recursive) and no meta-schema check, so that compiling at run time
  // stays cheap; test/audit/rule-schema.test.ts compiles the same schema in strict mode to keep it honest.
  return new Ajv2020({
    allErrors: true,
    strict: false,
    validateSchema: false,
    inlineRefs: false,
    ...(source ? { code: { source: true } } : {}),
  });
}

/** The sha256 of the schema text a precompiled validator was built from. */
export function schemaDigest(schemaText: string): string {
  return createHash('sha256').update(schemaText).digest('hex');
}

/**
 * The validator of rules/rules.schema.json: the build's standalone code when it was compiled from this very schema
 * text (compiling the schema costs a tenth of a second on every audit), else compiled now.
 */
export function loadRuleSchemaValidator(): ValidateFunction {
  const schemaText = readFileSync(path.join(BUNDLED_RULES_DIR, 'rules.schema.json'), 'utf8');
  return precompiledValidator(schemaText) ?? ruleSchemaAjv().compile(JSON.parse(schemaText) as object);
}

/** The build's validator if it exists and matches `schemaText`; undefined otherwise (a stale build is ignored). */
export function precompiledValidator(schemaText: string): ValidateFunction | undefined {
  if (!existsSync(PRECOMPILED_VALIDATOR)) return undefined;
  const compiled = createRequire(import.meta.url)(PRECOMPILED_VALIDATOR) as ValidateFunction & {
    schemaSha256?: string;
  };
  return compiled.schemaSha256 === schemaDigest(schemaText) ? compiled : undefined;
}
