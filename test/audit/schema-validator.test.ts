import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The build (scripts/copy-assets.mjs) writes the standalone validator next to the compiled module in lib/.
import { precompiledValidator, ruleSchemaAjv } from '../../lib/audit/rules/schema-validator.js';

const schemaText = readFileSync('rules/rules.schema.json', 'utf8');
const capability = { capability: 'demo', title: 'Demo' };
const safeguard = { id: 'demo-a', title: 'A', weight: 1, evidence: { call: { name: 'f' } } };

const INVALID: Record<string, unknown> = {
  'a missing field': { capability: 'demo', safeguards: [] },
  'a bad capability id': { ...capability, capability: 'Not Valid', safeguards: [safeguard] },
  'a wrongly typed weight': { ...capability, safeguards: [{ ...safeguard, weight: 'heavy' }] },
  'an unknown matcher': { ...capability, safeguards: [{ ...safeguard, evidence: { calls: { name: 'f' } } }] },
  'a nested bad option': {
    ...capability,
    safeguards: [{ ...safeguard, evidence: { 'all-of': [{ call: { name: 'f', colour: 'red' } }] } }],
  },
};

describe('the precompiled rule schema validator', () => {
  it('is used when it was built from the current schema', () => {
    expect(precompiledValidator(schemaText)).toBeTypeOf('function');
  });

  it('is ignored when it was built from another schema text', () => {
    expect(precompiledValidator(`${schemaText} `)).toBeUndefined();
  });

  it('accepts a valid rule file', () => {
    const validate = precompiledValidator(schemaText)!;
    expect(validate({ ...capability, safeguards: [safeguard] })).toBe(true);
  });

  for (const [what, document] of Object.entries(INVALID)) {
    it(`reports ${what} exactly as the schema compiled at run time does`, () => {
      const precompiled = precompiledValidator(schemaText)!;
      const compiled = ruleSchemaAjv().compile(JSON.parse(schemaText) as object);
      expect(precompiled(document)).toBe(false);
      expect(compiled(document)).toBe(false);
      expect(precompiled.errors).toEqual(compiled.errors);
    });
  }
});
