/**
 * Tenants over real sockets (issue 15, items 3 and 4): another tenant's tool answers exactly as a tool that does not
 * exist, whichever stage answers first and in /metrics, and no rate-limit bucket is shared across tenants unless the
 * config says `global`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { type SecuredServer, openSession, rpc, startSecuredServer } from '../security/secured-server.js';

const ALICE = generateApiKey(); // tenant-a, which owns the `ledger` tool
const BOB = generateApiKey(); // tenant-b
const RITA = generateApiKey(); // tenant-b, read only

const security = {
  api_keys: [
    { id: 'alice', hash: digestApiKey(ALICE), principal: 'alice', tenant: 'tenant-a', roles: ['user'] },
    { id: 'bob', hash: digestApiKey(BOB), principal: 'bob', tenant: 'tenant-b', roles: ['user'] },
    { id: 'rita', hash: digestApiKey(RITA), principal: 'rita', tenant: 'tenant-b', roles: ['reader'] },
  ],
  roles: { admin: ['*'], user: ['read', 'execute'], reader: ['read'] },
};

let server: SecuredServer | undefined;
afterEach(() => server?.close());

interface Caller {
  call(tool: string): Promise<{ status: number; retryAfter: string | null; body: unknown }>;
}

async function caller(key: string): Promise<Caller> {
  const headers = { authorization: `Bearer ${key}` };
  const session = await openSession(server!.url, headers);
  return {
    call: async (tool) => {
      const reply = await rpc(
        server!.url,
        'tools/call',
        { name: tool, arguments: { text: 'hi' } },
        { ...headers, 'mcp-session-id': session },
      );
      // The JSON-RPC id differs from call to call and the message names the tool asked for; nothing else may differ.
      // retryAfterMs counts down between two calls: compared in whole seconds, as Retry-After sends it.
      const body = JSON.stringify({ ...reply.body, id: 0 })
        .replaceAll(tool, '<tool>')
        .replace(/"retryAfterMs":(\d+)/, (_, ms: string) => `"retryAfterS":${Math.ceil(Number(ms) / 1000)}`);
      return {
        status: reply.status,
        retryAfter: reply.headers.get('retry-after'),
        body: JSON.parse(body) as unknown,
      };
    },
  };
}

describe("another tenant's tool", () => {
  it('is answered like an unknown tool before and after the rate limit runs out', async () => {
    server = await startSecuredServer({
      security,
      rate_limit: {
        requests_per_minute: 1,
        burst: 100,
        limits: { principal: { requests_per_minute: 1, burst: 4 } },
      },
    });
    const bob = await caller(BOB);
    // initialize and notifications/initialized took two of bob's four tokens; the next two calls take the rest.
    expect(await bob.call('ledger')).toEqual(await bob.call('no-such-tool'));
    const [secret, unknown] = [await bob.call('ledger'), await bob.call('no-such-tool')];
    expect(unknown.status).toBe(429);
    expect(secret).toEqual(unknown);
  });

  it('is refused like an unknown tool to a principal without the execute permission', async () => {
    server = await startSecuredServer({ security });
    const rita = await caller(RITA);
    const [secret, unknown] = [await rita.call('ledger'), await rita.call('no-such-tool')];
    expect(unknown.status).toBe(403);
    expect(secret).toEqual(unknown);
  });

  it('never shows up by name in an open /metrics, and is counted as an unknown tool', async () => {
    server = await startSecuredServer({ security });
    const [alice, bob] = [await caller(ALICE), await caller(BOB)];
    await alice.call('ledger');
    const before = await (await fetch(`${server.origin}/metrics`)).text();
    await bob.call('ledger');
    const afterSecret = await (await fetch(`${server.origin}/metrics`)).text();
    await bob.call('no-such-tool');
    const afterUnknown = await (await fetch(`${server.origin}/metrics`)).text();
    expect(afterUnknown).not.toContain('ledger');
    expect(before).toContain('mcp_requests_total{method="tools/call",tool="tenant-scoped",outcome="ok"} 1');
    // The two calls move the same series by the same amount.
    const series = (text: string) =>
      text.split('\n').filter((l) => /^mcp_(requests_total|authz_denials_total)/.test(l));
    expect(series(afterSecret).filter((l) => !series(before).includes(l))).toEqual([
      'mcp_requests_total{method="tools/call",tool="unknown",outcome="not_found"} 1',
    ]);
    expect(series(afterUnknown).filter((l) => !series(afterSecret).includes(l))).toEqual([
      'mcp_requests_total{method="tools/call",tool="unknown",outcome="not_found"} 2',
    ]);
  });
});

describe('tool buckets', () => {
  const rateLimit = {
    requests_per_minute: 1,
    burst: 100,
    per: ['principal', 'tenant', 'tool'],
    limits: { tool: { requests_per_minute: 1, burst: 3 } },
  };

  it("are per tenant: tenant A draining echo's bucket does not refuse tenant B", async () => {
    server = await startSecuredServer({ security, rate_limit: rateLimit });
    const [alice, bob] = [await caller(ALICE), await caller(BOB)];
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await alice.call('echo')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await bob.call('echo')).status).toBe(200);
  });

  it('are shared by every tenant when the config says global', async () => {
    server = await startSecuredServer({ security, rate_limit: { ...rateLimit, tool_buckets: 'global' } });
    const [alice, bob] = [await caller(ALICE), await caller(BOB)];
    for (let i = 0; i < 3; i++) await alice.call('echo');
    expect((await bob.call('echo')).status).toBe(429);
  });
});
