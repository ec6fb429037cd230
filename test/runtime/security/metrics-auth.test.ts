/**
 * `metrics.permission`: GET /metrics behind the MCP endpoint's authentication and one permission, over a real socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { configIssues } from '../helpers/config-issues.js';
import { parseServerConfig } from '../../../src/runtime/config/load.js';
import { type SecuredServer, startSecuredServer } from './secured-server.js';

const SCRAPER_KEY = generateApiKey();
const USER_KEY = generateApiKey();

let server: SecuredServer;
beforeAll(async () => {
  server = await startSecuredServer({
    security: {
      api_keys: [
        { id: 'prometheus', hash: digestApiKey(SCRAPER_KEY), principal: 'prometheus', roles: ['scraper'] },
        {
          id: 'alice',
          hash: digestApiKey(USER_KEY),
          principal: 'alice',
          tenant: 'tenant-a',
          roles: ['user'],
        },
      ],
      roles: { admin: ['*'], scraper: ['metrics'], user: ['read', 'execute'] },
    },
    metrics: { permission: 'metrics' },
  });
});
afterAll(() => server.close());

const scrape = (headers: Record<string, string> = {}) => fetch(new URL('/metrics', server.url), { headers });

describe('GET /metrics with metrics.permission', () => {
  it('refuses a scrape without credentials with 401 and a Bearer challenge', async () => {
    const response = await scrape();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await response.text()).not.toContain('mcp_requests_total');
  });

  it('refuses a wrong key with 401 invalid_token', async () => {
    const response = await scrape({ authorization: `Bearer ${generateApiKey()}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a principal whose roles lack the permission with 403, and logs the denial', async () => {
    const response = await scrape({ authorization: `Bearer ${USER_KEY}` });
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('mcp_');
    expect(server.log.lines()).toContainEqual(
      expect.objectContaining({
        event: 'access_denied',
        route: '/metrics',
        principal: 'alice',
        permission: 'metrics',
        reason: 'missing-permission',
      }),
    );
  });

  it('serves Prometheus text to a principal holding the permission, counting the refused scrapes', async () => {
    const response = await scrape({ 'x-api-key': SCRAPER_KEY });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^# HELP mcp_requests_total /m);
    expect(text).toMatch(/mcp_auth_failures_total\{reason="missing-credentials"\} [1-9]/);
    expect(text).toMatch(/mcp_auth_failures_total\{reason="unknown-api-key"\} [1-9]/);
    expect(server.log.text()).not.toContain(SCRAPER_KEY);
  });
});

describe('metrics.permission in the config', () => {
  it('needs a security section to authenticate scrapers with', () => {
    expect(configIssues(() => parseServerConfig({ metrics: { permission: 'metrics' } }))).toEqual([
      'metrics.permission: needs a security section to authenticate scrapers with',
    ]);
  });

  it('names the field when the permission is not a string', () => {
    expect(() => parseServerConfig({ metrics: { permission: 7 } })).toThrow(/metrics\.permission/);
  });
});
