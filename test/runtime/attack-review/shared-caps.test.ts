/**
 * Caps that used to be one list for everybody (issue 15, item 4), over real sockets: sessions and
 * `subscriptions/listen` streams are capped per principal, and when the whole is full the tenant holding the most
 * gives way, so one principal or tenant cannot evict or starve the others.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { openListenStream } from '../helpers/http-server.js';
import { type SecuredServer, openSession, rpc, startSecuredServer } from '../security/secured-server.js';

const KEYS = { alice: generateApiKey(), carl: generateApiKey(), bob: generateApiKey() };
const security = {
  api_keys: [
    { id: 'alice', hash: digestApiKey(KEYS.alice), principal: 'alice', tenant: 'tenant-a', roles: ['user'] },
    { id: 'carl', hash: digestApiKey(KEYS.carl), principal: 'carl', tenant: 'tenant-a', roles: ['user'] },
    { id: 'bob', hash: digestApiKey(KEYS.bob), principal: 'bob', tenant: 'tenant-b', roles: ['reader'] },
  ],
  roles: { admin: ['*'], user: ['read', 'execute'], reader: ['read'] },
};
const as = (who: keyof typeof KEYS) => ({ authorization: `Bearer ${KEYS[who]}` });

let server: SecuredServer | undefined;
const streams: AbortController[] = [];
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.abort();
  await server?.close();
});

const ping = (who: keyof typeof KEYS, session: string) =>
  rpc(server!.url, 'ping', {}, { ...as(who), 'mcp-session-id': session }).then((r) => r.status);

describe('sessions', () => {
  it("survive another principal's and another tenant's flood of initialize requests", async () => {
    server = await startSecuredServer(
      { security },
      { sessions: { maxSessions: 10, maxSessionsPerPrincipal: 4 } },
    );
    const bobs = await openSession(server.url, as('bob'));
    const carls = await openSession(server.url, as('carl'));
    const alices: string[] = [];
    for (let i = 0; i < 20; i++) alices.push(await openSession(server.url, as('alice')));
    expect(await ping('bob', bobs)).toBe(200);
    expect(await ping('carl', carls)).toBe(200);
    // Alice's own oldest sessions made room for her newest.
    expect(await ping('alice', alices[0]!)).toBe(404);
    expect(await ping('alice', alices[19]!)).toBe(200);
  });
});

describe('subscriptions/listen streams', () => {
  /** Opens a listen stream; resolves with the HTTP status and, on success, the first event (the acknowledgement). */
  function listen(who: keyof typeof KEYS): Promise<{ status: number; first: string }> {
    const controller = new AbortController();
    streams.push(controller);
    return openListenStream(server!.url, as(who), controller.signal);
  }
  const acknowledged = /subscriptions\/acknowledged/;

  it('are capped per principal', async () => {
    server = await startSecuredServer(
      { security },
      { server: { maxSubscriptions: 100, maxSubscriptionsPerPrincipal: 2 } },
    );
    expect((await listen('bob')).first).toMatch(acknowledged);
    expect((await listen('bob')).first).toMatch(acknowledged);
    expect((await listen('bob')).first).toMatch(/Too many open subscriptions/);
    expect((await listen('alice')).first).toMatch(acknowledged);
  });

  it('make a tenant that holds them all give way to another tenant', async () => {
    server = await startSecuredServer(
      { security },
      { server: { maxSubscriptions: 4, maxSubscriptionsPerPrincipal: 2 } },
    );
    for (const who of ['alice', 'alice', 'carl', 'carl'] as const)
      expect((await listen(who)).first).toMatch(acknowledged);
    expect((await listen('bob')).first).toMatch(acknowledged);
    // Tenant A, still holding the most, cannot take it back (alice is below her own cap again).
    expect((await listen('alice')).first).toMatch(/Too many open subscriptions/);
  });
});
