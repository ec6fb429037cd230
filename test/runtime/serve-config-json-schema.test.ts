import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../src/runtime/config/load.js';
import { serveConfigJsonSchema } from '../../src/runtime/config/serve-config-json-schema.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const published = JSON.parse(readFileSync('docs/serve-config.schema.json', 'utf8')) as Record<
  string,
  unknown
>;

const config = {
  server: { name: 'demo', tool_timeout_ms: 1000, http: { host: '127.0.0.1', port: 3000, path: '/mcp' } },
  security: {
    api_keys: [`sha256:${'a'.repeat(64)}`, { id: 'ci', hash: `sha256:${'b'.repeat(64)}`, roles: ['user'] }],
    roles: { admin: ['*'], user: ['read', 'execute'] },
    stdio: { authenticate: false, roles: ['admin'] },
  },
  rate_limit: { requests_per_minute: 60, burst: 10, per: ['principal', 'tool'] },
  store: { redis: { url: 'redis://127.0.0.1:6379/0', on_unavailable: 'memory' } },
  logging: { level: 'warn', destination: 'stderr' },
  metrics: { enabled: true, path: '/metrics' },
};

describe('docs/serve-config.schema.json', () => {
  it('is the schema generated from the zod definition (run node scripts/serve-config-schema.mjs after a build)', () => {
    expect(published).toEqual(serveConfigJsonSchema());
  });

  it('is a strict JSON Schema that accepts what the loader accepts and refuses an unknown field at any depth', () => {
    const ajv = addFormats(new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true }));
    const validate = ajv.compile(published);
    expect(() => parseServerConfig(config)).not.toThrow();
    expect(validate(config)).toBe(true);
    expect(validate({ ...config, ratelimit: {} })).toBe(false);
    expect(validate({ ...config, metrics: { ...config.metrics, enabeld: false } })).toBe(false);
  });
});
