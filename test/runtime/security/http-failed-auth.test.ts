/** Credential guessing over real sockets: failed attempts per client address, with the clock driven by the test. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { type SecuredServer, rpc, startSecuredServer } from './secured-server.js';

const KEY = generateApiKey();
let now = 5_000_000;
let server: SecuredServer;

beforeAll(async () => {
  server = await startSecuredServer(
    {
      security: {
        api_keys: [{ id: 'a', hash: digestApiKey(KEY), principal: 'alice', roles: ['user'] }],
        failed_auth_limit: { requests_per_minute: 1, burst: 3 },
      },
    },
    { clock: () => now },
  );
});
afterAll(() => server.close());

const ping = (key: string) =>
  rpc(server.url, 'ping', {}, { 'x-api-key': key, 'mcp-protocol-version': '2025-11-25' });

describe('failed authentication limit', () => {
  it('refuses an address with 429 after its failed attempts run out, even with the right key', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await ping('sgk_guess' + i)).status);
    expect(statuses).toEqual([401, 401, 401]);
    const blocked = await ping(KEY);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('60');
  });

  it('lets the address try again once a failed attempt has been forgiven', async () => {
    now += 60_000;
    const reply = await ping(KEY);
    expect(reply.status).not.toBe(429);
    expect(reply.status).not.toBe(401);
  });

  it('does not count successful requests', async () => {
    for (let i = 0; i < 5; i++) expect((await ping(KEY)).status).not.toBe(429);
  });
});
