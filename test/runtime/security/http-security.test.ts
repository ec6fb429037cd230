/**
 * The security stages over real sockets: a real runtime on 127.0.0.1:0, real HTTP requests, real keys and tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { type SecuredServer, openSession, rpc, startSecuredServer } from './secured-server.js';

const ADMIN_KEY = generateApiKey();
const USER_A_KEY = generateApiKey();
const USER_B_KEY = generateApiKey();
const READER_KEY = generateApiKey();
const NO_ROLE_KEY = generateApiKey();

const config = {
  security: {
    api_keys: [
      { id: 'admin', hash: digestApiKey(ADMIN_KEY), principal: 'root', roles: ['admin'] },
      {
        id: 'alice',
        hash: digestApiKey(USER_A_KEY),
        principal: 'alice',
        tenant: 'tenant-a',
        roles: ['user'],
      },
      { id: 'bob', hash: digestApiKey(USER_B_KEY), principal: 'bob', tenant: 'tenant-b', roles: ['user'] },
      {
        id: 'reader',
        hash: digestApiKey(READER_KEY),
        principal: 'rita',
        tenant: 'tenant-a',
        roles: ['reader'],
      },
      { id: 'nobody', hash: digestApiKey(NO_ROLE_KEY), principal: 'nemo', roles: [] },
    ],
    roles: { admin: ['*'], user: ['read', 'execute'], reader: ['read'] },
  },
};

let server: SecuredServer;
beforeAll(async () => {
  server = await startSecuredServer(config);
});
afterAll(() => server.close());

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const toolNames = (reply: { body: Record<string, unknown> | undefined }) =>
  ((reply.body?.['result'] as { tools: { name: string }[] }).tools ?? []).map((t) => t.name).sort();

describe('authentication over HTTP', () => {
  it('refuses a request without credentials with 401 and a Bearer challenge', async () => {
    const reply = await rpc(server.url, 'initialize', {});
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(reply.body?.['error']).toMatchObject({ code: -32001 });
  });

  it('refuses a wrong key with 401 invalid_token', async () => {
    const reply = await rpc(server.url, 'initialize', {}, bearer(generateApiKey()));
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a malformed Authorization header with 401 invalid_request', async () => {
    const reply = await rpc(server.url, 'initialize', {}, { authorization: 'Bearer a b c' });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it('refuses a huge Authorization header cleanly and keeps serving', async () => {
    const reply = await rpc(server.url, 'initialize', {}, { authorization: `Bearer ${'x'.repeat(9000)}` });
    expect(reply.status).toBe(401);
    expect(reply.body?.['error']).toMatchObject({ code: -32001 });
    expect((await openSession(server.url, bearer(USER_A_KEY))).length).toBeGreaterThan(20);
  });

  it('accepts the key as Authorization: Bearer and as X-API-Key', async () => {
    expect(await openSession(server.url, bearer(USER_A_KEY))).toBeTruthy();
    expect(await openSession(server.url, { 'x-api-key': USER_A_KEY })).toBeTruthy();
  });
});

describe('authorization over HTTP', () => {
  it('lists to a principal only the tools it may call', async () => {
    const admin = await openSession(server.url, bearer(ADMIN_KEY));
    const alice = await openSession(server.url, bearer(USER_A_KEY));
    const bob = await openSession(server.url, bearer(USER_B_KEY));
    const list = (key: string, session: string) =>
      rpc(server.url, 'tools/list', {}, { ...bearer(key), 'mcp-session-id': session });
    expect(toolNames(await list(ADMIN_KEY, admin))).toEqual(['echo', 'wipe']);
    expect(toolNames(await list(USER_A_KEY, alice))).toEqual(['echo', 'ledger']);
    expect(toolNames(await list(USER_B_KEY, bob))).toEqual(['echo']);
  });

  it('refuses tools/call to a role without execute with 403', async () => {
    const session = await openSession(server.url, bearer(READER_KEY));
    const reply = await rpc(
      server.url,
      'tools/call',
      { name: 'echo', arguments: { text: 'hi' } },
      { ...bearer(READER_KEY), 'mcp-session-id': session },
    );
    expect(reply.status).toBe(403);
    expect(reply.body?.['error']).toMatchObject({ code: -32003 });
  });

  it('refuses everything but the handshake to a principal with no role', async () => {
    const session = await openSession(server.url, bearer(NO_ROLE_KEY));
    const reply = await rpc(
      server.url,
      'tools/list',
      {},
      { ...bearer(NO_ROLE_KEY), 'mcp-session-id': session },
    );
    expect(reply.status).toBe(403);
  });

  it('refuses a tool that declares a permission the user lacks, and lets an admin call it', async () => {
    const alice = await openSession(server.url, bearer(USER_A_KEY));
    const denied = await rpc(
      server.url,
      'tools/call',
      { name: 'wipe', arguments: {} },
      { ...bearer(USER_A_KEY), 'mcp-session-id': alice },
    );
    expect(denied.status).toBe(403);
    const admin = await openSession(server.url, bearer(ADMIN_KEY));
    const allowed = await rpc(
      server.url,
      'tools/call',
      { name: 'wipe', arguments: {} },
      { ...bearer(ADMIN_KEY), 'mcp-session-id': admin },
    );
    expect(allowed.body?.['result']).toMatchObject({ content: [{ type: 'text', text: 'wiped' }] });
  });

  it('logs every denial', () => {
    const denials = server.log.lines().filter((line) => line['event'] === 'access_denied');
    expect(denials.length).toBeGreaterThanOrEqual(3);
    expect(denials[0]).toMatchObject({ level: 'WARN', reason: 'missing-permission' });
  });
});

describe('tenant isolation over HTTP', () => {
  it('lets tenant A call its own tool', async () => {
    const alice = await openSession(server.url, bearer(USER_A_KEY));
    const reply = await rpc(
      server.url,
      'tools/call',
      { name: 'ledger', arguments: {} },
      { ...bearer(USER_A_KEY), 'mcp-session-id': alice },
    );
    expect(reply.body?.['result']).toMatchObject({ content: [{ type: 'text', text: 'tenant-a ledger' }] });
  });

  it("answers tenant B calling tenant A's tool exactly like an unknown tool", async () => {
    const bob = await openSession(server.url, bearer(USER_B_KEY));
    const crossTenant = await rpc(
      server.url,
      'tools/call',
      { name: 'ledger', arguments: {} },
      { ...bearer(USER_B_KEY), 'mcp-session-id': bob },
    );
    const unknown = await rpc(
      server.url,
      'tools/call',
      { name: 'no-such-tool', arguments: {} },
      { ...bearer(USER_B_KEY), 'mcp-session-id': bob },
    );
    expect(crossTenant.body?.['error']).toMatchObject({ code: -32602, message: 'Unknown tool: ledger' });
    expect(crossTenant.status).toBe(unknown.status);
    expect((crossTenant.body?.['error'] as { code: number }).code).toBe(
      (unknown.body?.['error'] as { code: number }).code,
    );
  });

  it("refuses tenant B resuming tenant A's session with a stolen session id (404, as for an unknown session)", async () => {
    const alice = await openSession(server.url, bearer(USER_A_KEY));
    const reply = await rpc(server.url, 'tools/list', {}, { ...bearer(USER_B_KEY), 'mcp-session-id': alice });
    expect(reply.status).toBe(404);
    expect(reply.body?.['error']).toMatchObject({ code: -32004 });
  });

  it('refuses a session id presented without credentials (401: the id alone is worthless)', async () => {
    const alice = await openSession(server.url, bearer(USER_A_KEY));
    const reply = await rpc(server.url, 'tools/list', {}, { 'mcp-session-id': alice });
    expect(reply.status).toBe(401);
  });
});

describe('the logs', () => {
  it('carry no API key, no Authorization header value', () => {
    const text = server.log.text();
    for (const key of [ADMIN_KEY, USER_A_KEY, USER_B_KEY, READER_KEY, NO_ROLE_KEY])
      expect(text).not.toContain(key);
    expect(text).not.toMatch(/Bearer sgk_/);
  });

  it("record tool invocations in the seed's shape", () => {
    const invoked = server.log
      .lines()
      .find((line) => line['event'] === 'tool_invoked' && line['tool'] === 'ledger');
    expect(invoked).toMatchObject({ level: 'INFO', principal: 'alice', tenant: 'tenant-a', outcome: 'ok' });
    expect(typeof invoked?.['duration_ms']).toBe('number');
    expect(typeof invoked?.['request_id']).toBe('string');
  });

  it('record failed authentication attempts with a reason and no credential', () => {
    const failures = server.log.lines().filter((line) => line['event'] === 'auth_failed');
    expect(failures.map((line) => line['reason'])).toEqual(
      expect.arrayContaining(['missing-credentials', 'unknown-api-key', 'malformed-credentials']),
    );
  });

  it('record tool registration at start-up', () => {
    const registered = server.log
      .lines()
      .filter((line) => line['event'] === 'tool_registered')
      .map((line) => line['tool']);
    expect(registered.sort()).toEqual(['echo', 'ledger', 'wipe']);
  });
});
