/**
 * The failed-login limit under concurrency (issue 15, item 1), over real sockets: the token for a failed attempt is
 * reserved before the credentials are verified, so concurrent guesses cannot outrun it, and `/metrics` behind a
 * permission draws from the same budget.
 */
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { type SecuredServer, rpc, startSecuredServer } from '../security/secured-server.js';

// Cost 10: each check takes tens of milliseconds, so concurrent guesses are all in flight at once, as in the issue.
const SCRAPER_KEY = generateApiKey();
const config = {
  security: {
    api_keys: [{ id: 'prom', hash: digestApiKey(SCRAPER_KEY), principal: 'prometheus', roles: ['scraper'] }],
    users: [
      { username: 'ann', password_hash: bcrypt.hashSync('right', 10), principal: 'ann', roles: ['user'] },
    ],
    roles: { admin: ['*'], user: ['read', 'execute'], scraper: ['metrics'] },
    failed_auth_limit: { requests_per_minute: 10, burst: 5 },
  },
  metrics: { permission: 'metrics' },
};

let server: SecuredServer | undefined;
afterEach(() => server?.close());

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const countOf = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe('the failed-login limit', () => {
  it('lets only the burst of 40 concurrent wrong passwords be verified; the rest get 429', async () => {
    server = await startSecuredServer(config);
    const url = server.url;
    const replies = await Promise.all(
      Array.from({ length: 40 }, () => rpc(url, 'ping', {}, { authorization: basic('ann', 'wrong') })),
    );
    expect(countOf(replies.map((r) => r.status))).toEqual({ 401: 5, 429: 35 });
    const verified = server.log.lines().filter((l) => l['reason'] === 'bad-password');
    expect(verified).toHaveLength(5);
  });

  it('costs a successful login nothing, even many at once', async () => {
    server = await startSecuredServer(config);
    const url = server.url;
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => rpc(url, 'ping', {}, { authorization: basic('ann', 'right') })),
    );
    // Authenticated (the request itself then wants a session: 400), never refused by the limit.
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(400));
    expect((await rpc(url, 'ping', {}, { authorization: basic('ann', 'wrong') })).status).toBe(401);
  });

  it('guards GET /metrics with the same budget: concurrent wrong keys beyond the burst get 429', async () => {
    server = await startSecuredServer(config);
    const metricsUrl = `${server.origin}/metrics`;
    const scrape = (key: string) => fetch(metricsUrl, { headers: { authorization: `Bearer ${key}` } });
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => scrape(`sgk_guess${i}`)));
    expect(countOf(replies.map((r) => r.status))).toEqual({ 401: 5, 429: 7 });
    const blocked = await scrape(SCRAPER_KEY);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('6');
    // The MCP endpoint shares the budget with the route.
    expect((await rpc(server.url, 'ping', {}, { authorization: basic('ann', 'right') })).status).toBe(429);
  });
});
