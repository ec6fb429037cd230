/**
 * What an unauthenticated client can make the server write (issue 15, item 2), over a real socket: one line per
 * request, with every field that comes from the request bounded, whether the request is refused with 401 or 429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { MAX_LOGGED_FIELD } from '../../../src/runtime/observability/bounded-field.js';
import { type SecuredServer, rpc, startSecuredServer } from '../security/secured-server.js';

let server: SecuredServer;
beforeAll(async () => {
  server = await startSecuredServer({
    security: {
      api_keys: [{ id: 'a', hash: digestApiKey(generateApiKey()), principal: 'alice', roles: ['user'] }],
      failed_auth_limit: { requests_per_minute: 1, burst: 3 },
    },
  });
});
afterAll(() => server.close());

describe('logs of unauthenticated requests', () => {
  it('stay one bounded line per request for six 900 KB method names (three 401, three 429)', async () => {
    const method = 'm'.repeat(900_000);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const reply = await rpc(server.url, method, {}, { 'mcp-session-id': 's'.repeat(4000) });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // request lines are written after the responses
    const lines = server.log.lines().filter((line) => String(line['method']).startsWith('mmm'));
    expect(lines.map((line) => line['event'])).toEqual([
      'auth_failed',
      'auth_failed',
      'auth_failed',
      'rate_limited',
      'rate_limited',
      'rate_limited',
    ]);
    for (const line of lines) {
      expect(String(line['method']).length).toBeLessThan(MAX_LOGGED_FIELD + 20);
      expect(String(line['session_id']).length).toBeLessThan(MAX_LOGGED_FIELD + 20);
    }
    expect(server.log.text().length).toBeLessThan(6 * 1024);
  });
});
