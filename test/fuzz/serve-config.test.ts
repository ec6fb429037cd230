/**
 * Fuzz target: the `safeguard serve --config` loader. Whatever the file holds (YAML or JSON, valid configs with one
 * part replaced, anchors, aliases, tags, directives, broken syntax), loading it gives a config or a ServerConfigError
 * naming the problems: never another exception, never a stack in the message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { stringify } from 'yaml';
import { ServerConfigError } from '../../src/runtime/config/config-error.js';
import { loadServerConfig } from '../../src/runtime/config/load.js';
import { STACK_LINE, fuzzTimeoutMs, runFuzz } from './fuzz-runs.js';

const dir = mkdtempSync(join(tmpdir(), 'fuzz-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const validConfig = {
  server: { name: 'fuzz', tool_timeout_ms: 1000, http: { host: '127.0.0.1', port: 0, max_body_bytes: 1024 } },
  security: {
    api_keys: [{ id: 'ci', hash: `sha256:${'a'.repeat(64)}`, principal: 'ci', tenant: 't', roles: ['user'] }],
    roles: { admin: ['*'], user: ['read', 'execute'] },
    failed_auth_limit: { requests_per_minute: 10, burst: 5 },
  },
  rate_limit: { requests_per_minute: 60, burst: 10, per: ['principal', 'tool'], tool_buckets: 'global' },
  logging: { level: 'info', destination: 'stderr' },
  metrics: { enabled: true, path: '/metrics', permission: 'metrics' },
};

/** Paths into the valid config, to replace one part of it. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, v]) => pathsOf(v, [...prefix, key]))];
}
const paths = pathsOf(validConfig).filter((p) => p.length > 0);

function replaced(path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(validConfig) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

const oddValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom('__proto__', 'constructor', '*', '', '../../etc/passwd', 'stdout', -1, 1e300, 2 ** 53 + 1),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'x'), fc.jsonValue()),
);

const mutatedConfig = fc
  .tuple(fc.constantFrom(...paths), oddValue, fc.boolean())
  .map(([path, value, asJson]) => {
    const document = replaced(path, value);
    return asJson ? JSON.stringify(document) : stringify(document);
  });

/** YAML lines that exercise the parser's corners: anchors, aliases, merges, tags, directives, flow and block mixes. */
const yamlLine = fc.constantFrom(
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: *undefined_anchor',
  '<<: *a',
  'security: !!binary aGVsbG8=',
  'server: !!js/function "function(){}"',
  'logging: !custom { level: info }',
  '%YAML 1.1',
  '%TAG ! tag:example.com,2000:',
  '---',
  '...',
  '? [complex, key]',
  ': value',
  'metrics: { enabled: yes, path: /m }',
  'rate_limit: {requests_per_minute: 0x10}',
  '\tindented: with a tab',
  'server:\n  http:\n    port: 99999',
  'security:\n  api_keys: [sha256:zz]',
  '"__proto__": { polluted: true }',
  'key: "unterminated',
  '- a list at the top',
  'security: &s\n  roles: *s',
);
const yamlText = fc.array(yamlLine, { maxLength: 8 }).map((lines) => lines.join('\n'));

const anyConfigText = fc.oneof(
  mutatedConfig,
  yamlText,
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

describe('fuzz: serve config loader', () => {
  it(
    'loads every file or reports a ServerConfigError, with no stack',
    async () => {
      let n = 0;
      await runFuzz(
        'serve-config',
        fc.property(anyConfigText, (text) => {
          const file = join(dir, `config-${n++ % 8}.yaml`);
          writeFileSync(file, text);
          try {
            loadServerConfig(file);
          } catch (error) {
            if (!(error instanceof ServerConfigError)) throw error;
            if (STACK_LINE.test(error.message)) throw new Error(`stack in the message: ${error.message}`);
          }
        }),
      );
    },
    fuzzTimeoutMs(5),
  );
});
