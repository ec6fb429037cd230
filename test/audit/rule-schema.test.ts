import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

describe('rules/rules.schema.json', () => {
  // The audit compiles it without strict checks for speed; here it must pass them.
  it('compiles in strict mode against the 2020-12 meta-schema', () => {
    const schema = JSON.parse(readFileSync('rules/rules.schema.json', 'utf8')) as object;
    const ajv = new Ajv2020({ strict: true });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('accepts every bundled rule file', () => {
    const validate = new Ajv2020({ strict: true }).compile(
      JSON.parse(readFileSync('rules/rules.schema.json', 'utf8')) as object,
    );
    const invalid = readdirSync('rules')
      .filter((name) => name.endsWith('.yaml'))
      .filter((name) => !validate(parse(readFileSync(`rules/${name}`, 'utf8'))));
    expect(invalid).toEqual([]);
  });
});
