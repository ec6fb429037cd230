import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { digestApiKey } from '../../../src/runtime/auth/api-key.js';
import { loadServerConfig, parseServerConfig } from '../../../src/runtime/config/load.js';
import { configIssues } from '../helpers/config-issues.js';

const dir = mkdtempSync(join(tmpdir(), 'safeguard-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HASH = digestApiKey('sgk_test');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('the serve config file', () => {
  it("loads the seed's shape from YAML", () => {
    const config = loadServerConfig(
      file(
        'seed.yaml',
        `security:
  api_keys:
    - { id: ci, hash: "${HASH}", principal: user-123, tenant: tenant-123, roles: [user] }
  roles: { admin: ["*"], user: ["read", "execute"] }
rate_limit: { requests_per_minute: 60, burst: 10, per: [principal, tenant, tool] }
`,
      ),
    );
    expect(config.security?.apiKeys).toEqual([
      { id: 'ci', digest: HASH, principal: 'user-123', tenant: 'tenant-123', roles: ['user'] },
    ]);
    expect(config.security?.roles).toEqual({ admin: ['*'], user: ['read', 'execute'] });
    const limit = { capacity: 10, refillPerMinute: 60 };
    expect(config.rateLimit?.limits).toEqual({ principal: limit, tenant: limit, tool: limit });
  });

  it("accepts the seed's bare list of hashed keys as keys with role user", () => {
    const config = loadServerConfig(file('bare.json', JSON.stringify({ security: { api_keys: [HASH] } })));
    expect(config.security?.apiKeys).toEqual([
      {
        id: `key-${HASH.slice(7, 19)}`,
        digest: HASH,
        principal: `key-${HASH.slice(7, 19)}`,
        roles: ['user'],
      },
    ]);
    expect(config.security?.stdio).toMatchObject({
      authenticate: false,
      principal: 'local',
      roles: ['admin'],
    });
  });

  it('names the field, line and column of a bad hash', () => {
    const path = file('bad-hash.yaml', 'security:\n  api_keys:\n    - id: ci\n      hash: "sha256:nothex"\n');
    expect(configIssues(() => loadServerConfig(path))).toEqual([
      '4:13: security.api_keys[0].hash: must match pattern "^sha256:[0-9a-f]{64}$"',
    ]);
  });

  it('rejects unknown fields by name, at any depth', () => {
    const path = file('unknown.yaml', `security:\n  api_keys: ["${HASH}"]\n  rolez: {}\nratelimit: {}\n`);
    expect(configIssues(() => loadServerConfig(path))).toEqual([
      "3:3: security.rolez: unknown field 'rolez'",
      "4:1: ratelimit: unknown field 'ratelimit'",
    ]);
  });

  it('rejects wrong types naming the field', () => {
    const path = file('types.yaml', 'rate_limit: { requests_per_minute: "sixty" }\n');
    expect(configIssues(() => loadServerConfig(path))).toEqual([
      '1:36: rate_limit.requests_per_minute: must be integer',
    ]);
  });

  it('rejects a key with a role that is not defined', () => {
    const config = { security: { api_keys: [{ id: 'ci', hash: HASH, roles: ['usr'] }] } };
    expect(configIssues(() => parseServerConfig(config))).toEqual([
      'security.api_keys[0].roles[0]: unknown role "usr" (defined roles: admin, user)',
    ]);
  });

  it('rejects a security section that configures no way to authenticate', () => {
    expect(configIssues(() => parseServerConfig({ security: { roles: { admin: ['*'] } } }))).toEqual([
      'security: configures no way to authenticate: add api_keys, users or oauth (or remove the section)',
    ]);
  });

  it('reports a YAML syntax error with its position', () => {
    const issues = configIssues(() => loadServerConfig(file('syntax.yaml', 'security: [\n')));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^\d+:\d+: /);
  });

  it('reports a duplicated key instead of silently keeping one', () => {
    const issues = configIssues(() => loadServerConfig(file('dup.yaml', 'metrics: {}\nmetrics: {}\n')));
    expect(issues[0]).toMatch(/^2:1: .*unique/i);
  });

  it('reports a missing file without a stack', () => {
    expect(configIssues(() => loadServerConfig(join(dir, 'absent.yaml')))).toEqual(['file not found']);
  });

  it('refuses an oauth section without a key set, and a JWKS file holding a private key', () => {
    const base = { issuer: 'https://auth.example', resource: 'http://127.0.0.1/mcp', algorithms: ['ES256'] };
    expect(configIssues(() => parseServerConfig({ security: { oauth: base } }))).toEqual([
      'security.oauth: needs exactly one of jwks_file or jwks_url',
    ]);
    const jwks = file(
      'private.json',
      JSON.stringify({ keys: [{ kty: 'EC', d: 'secret', x: 'a', y: 'b', crv: 'P-256' }] }),
    );
    expect(
      configIssues(() => parseServerConfig({ security: { oauth: { ...base, jwks_file: jwks } } })),
    ).toEqual(['security.oauth.jwks_file: contains a private key ("d"); publish only public keys']);
  });

  it('refuses alg none and plain-http key sets off loopback', () => {
    const oauth = {
      issuer: 'https://auth.example',
      resource: 'https://mcp.example/mcp',
      jwks_url: 'http://keys.example/jwks',
    };
    expect(
      configIssues(() => parseServerConfig({ security: { oauth: { ...oauth, algorithms: ['none'] } } })),
    ).toEqual([expect.stringMatching(/^security\.oauth\.algorithms\[0\]: must be one of RS256, /)]);
    expect(
      configIssues(() => parseServerConfig({ security: { oauth: { ...oauth, algorithms: ['ES256'] } } })),
    ).toEqual(['security.oauth.jwks_url: must use https (plain http only on loopback)']);
  });

  it('fills in defaults for logging and metrics', () => {
    const config = parseServerConfig({});
    expect(config).toEqual({
      server: {},
      logging: { level: 'info', destination: 'stderr' },
      metrics: { enabled: true, path: '/metrics' },
    });
  });
});
