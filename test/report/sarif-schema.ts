/** The official SARIF 2.1.0 JSON schema (test/data), compiled once with ajv, formats checked. */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const schema = JSON.parse(
  readFileSync(new URL('../data/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
// strict: false because the schema uses draft-07 style `definitions` under a 2020-12 `$schema`.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Validate a SARIF log; returns ajv's errors as readable lines (empty when valid). */
export const validateSarif = (log: unknown): string[] => {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
};
