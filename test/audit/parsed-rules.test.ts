import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The build (scripts/copy-assets.mjs) writes the parsed bundled rules next to the compiled module in lib/.
import { PARSED_RULES_FILE, ruleSource, ruleTextDigest } from '../../lib/audit/rules/parsed-rules.js';
import { failAt, parseYamlSource } from '../../lib/audit/yaml-source.js';

const ruleFiles = readdirSync('rules').filter((name) => name.endsWith('.yaml'));
const parsed = JSON.parse(readFileSync(PARSED_RULES_FILE, 'utf8')) as Record<string, unknown>;

describe('the parsed bundled rules of the build', () => {
  it('hold every bundled rule file as it is now', () => {
    for (const name of ruleFiles) {
      expect(parsed[ruleTextDigest(readFileSync(`rules/${name}`, 'utf8'))], name).toBeDefined();
    }
  });

  it('give the values the YAML reader gives, and a fresh copy each time', () => {
    for (const name of ruleFiles) {
      const text = readFileSync(`rules/${name}`, 'utf8');
      const cached = ruleSource(name, text);
      expect(cached.value, name).toEqual(parseYamlSource(name, text).value);
      expect(cached.value).not.toBe(ruleSource(name, text).value);
    }
  });

  it('are not used for a rule file whose text differs, even by a comment', () => {
    const text = `${readFileSync(`rules/${ruleFiles[0]}`, 'utf8')}# edited\n`;
    expect(parsed[ruleTextDigest(text)]).toBeUndefined();
    expect(ruleSource('edited.yaml', text).value).toEqual(parseYamlSource('edited.yaml', text).value);
  });

  it('still place an error at the line of the field, parsing the YAML only then', () => {
    const name = 'mcp-versioning.yaml';
    const text = readFileSync(`rules/${name}`, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('id: server-version-declared')) + 1;
    const index = (ruleSource(name, text).value as { safeguards: { id: string }[] }).safeguards.findIndex(
      (s) => s.id === 'server-version-declared',
    );
    expect(() => failAt(ruleSource(name, text), ['safeguards', index, 'id'], 'demo')).toThrow(
      `${name}:${line}:`,
    );
  });
});
