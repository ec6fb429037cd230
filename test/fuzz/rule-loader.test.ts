/**
 * Fuzz target: the audit's rule loader (src/audit/rules/load.ts, used read-only). Rule files with one part replaced
 * (ids, patterns, regular expressions, matchers, fixtures), YAML corners and random text either compile or fail
 * with an AuditInputError naming the file: never another exception, never a stack in the message.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { AuditInputError } from '../../src/audit/errors.js';
import { compileCapability } from '../../src/audit/rules/load.js';
import { parseYamlSource } from '../../src/audit/yaml-source.js';
import { STACK_LINE, fuzzTimeoutMs, runFuzz } from './fuzz-runs.js';

const rulesDir = join(import.meta.dirname, '../../rules');
const ruleFiles = readdirSync(rulesDir)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => parse(readFileSync(join(rulesDir, name), 'utf8')) as unknown);

/** Every path into a parsed rule file. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, v]) => pathsOf(v, [...prefix, key]))];
}

const oddValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    '(a+)+$',
    '[',
    '(?<=x)y',
    '\\',
    '$FUNC($...ARGS)',
    '__proto__',
    'constructor',
    '',
    -1,
    Number.MAX_VALUE,
    { regex: '(' },
    { pattern: 'eval($X)' },
  ),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'pattern', 'regex', 'id'), fc.jsonValue()),
);

const mutatedRule = fc
  .tuple(fc.nat(ruleFiles.length - 1), fc.nat(), oddValue)
  .map(([fileIndex, pick, value]) => {
    const document = structuredClone(ruleFiles[fileIndex]) as Record<string | number, unknown>;
    const paths = pathsOf(document).filter((p) => p.length > 0);
    const path = paths[pick % paths.length]!;
    let node = document;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[path.at(-1)!] = value;
    return stringify(document);
  });

const yamlCorner = fc
  .array(
    fc.constantFrom(
      'capability: &c mcp-fuzz',
      'title: *c',
      'safeguards: [*c, *c]',
      'safeguards: !!binary aGVsbG8=',
      '<<: *missing',
      '%YAML 1.1',
      '---',
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'threshold: .nan',
      '"__proto__": {}',
      '\tbad: indent',
    ),
    { maxLength: 8 },
  )
  .map((lines) => lines.join('\n'));

const anyRuleText = fc.oneof(
  mutatedRule,
  mutatedRule,
  yamlCorner,
  fc.string({ unit: 'binary', maxLength: 200 }),
);

describe('fuzz: rule loader', () => {
  it(
    'compiles every rule file or reports an AuditInputError, with no stack',
    async () => {
      await runFuzz(
        'rule-loader',
        fc.property(anyRuleText, fc.boolean(), (text, bundled) => {
          try {
            compileCapability(parseYamlSource('fuzz.yaml', text), bundled);
          } catch (error) {
            if (!(error instanceof AuditInputError)) throw error;
            if (STACK_LINE.test(error.message)) throw new Error(`stack in the message: ${error.message}`);
          }
        }),
      );
    },
    fuzzTimeoutMs(60),
  );
});
