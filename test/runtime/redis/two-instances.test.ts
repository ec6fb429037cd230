import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { spawnHttpServe } from '../helpers/cli.js';
import { post } from '../helpers/http-server.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';

// Two `safeguard serve` processes on two ports, sharing one Redis, as behind a load balancer.
describe('two safeguard serve instances sharing one Redis', () => {
  const principals = ['burst', 'sessions', 'thief', 'outage'] as const;
  const keys = Object.fromEntries(principals.map((p) => [p, generateApiKey()])) as Record<
    (typeof principals)[number],
    string
  >;
  let redis: TestRedis;
  let a: { child: ChildProcessWithoutNullStreams; url: string };
  let b: { child: ChildProcessWithoutNullStreams; url: string };
  const as = (principal: keyof typeof keys) => ({ 'x-api-key': keys[principal] });
  const call = (method: string, id = 1) => ({ jsonrpc: '2.0', id, method, params: {} });

  beforeAll(async () => {
    redis = await startRedis();
    const dir = mkdtempSync(join(tmpdir(), 'two-instances-'));
    const file = join(dir, 'server.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        security: {
          api_keys: principals.map((p) => ({
            id: p,
            hash: digestApiKey(keys[p]),
            principal: p,
            roles: ['user'],
          })),
          roles: { admin: ['*'], user: ['read', 'execute'] },
          // Four failed logins per client address, shared by both instances (all requests here come from 127.0.0.1).
          failed_auth_limit: { requests_per_minute: 1, burst: 4 },
        },
        // One request a minute: no token comes back while the test runs, so the burst is exact.
        rate_limit: { requests_per_minute: 1, burst: 10, per: ['principal'] },
        store: { redis: { url: redis.url, key_prefix: 'two:', timeout_ms: 300 } },
        logging: { level: 'error', destination: join(dir, 'log.jsonl') },
      }),
    );
    [a, b] = await Promise.all([
      spawnHttpServe(['--conformance', '--config', file]),
      spawnHttpServe(['--conformance', '--config', file]),
    ]);
  });
  afterAll(async () => {
    a?.child.kill('SIGTERM');
    b?.child.kill('SIGTERM');
    await redis?.kill();
  });

  it('grants a key its configured burst across both instances, not once per instance', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await post(i % 2 === 0 ? a.url : b.url, call('ping', i), as('burst'));
      statuses.push(res.status);
    }
    // ping without a session is refused by the version gate (400) after the limiter has counted it.
    expect(statuses.filter((s) => s !== 429)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it('serves a session opened on one instance from the other, and ends it everywhere', async () => {
    const session = await postInitialize(a.url, as('sessions'));
    const listed = await post(b.url, call('tools/list'), { ...as('sessions'), 'mcp-session-id': session });
    expect(listed.status).toBe(200);
    expect(listed.json.result.tools.length).toBeGreaterThan(0);
    // Bound to its owner on every instance: another principal presenting the id gets 404.
    const stolen = await post(b.url, call('tools/list'), { ...as('thief'), 'mcp-session-id': session });
    expect(stolen.status).toBe(404);
    // Ended on B: unknown in Redis at once, and on A (which cached it) once the pub/sub message arrives.
    const ended = await fetch(b.url, {
      method: 'DELETE',
      headers: { ...as('sessions'), 'mcp-session-id': session },
    });
    expect(ended.status).toBe(200);
    const waited = await until(async () => {
      const after = await post(a.url, call('tools/list'), { ...as('sessions'), 'mcp-session-id': session });
      return after.status === 404;
    });
    expect(waited).toBeLessThan(1_000);
  });

  it('answers 503 with Retry-After while Redis is down, and recovers when it is back', async () => {
    await redis.kill();
    const down = await post(a.url, call('ping'), as('outage'));
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('1');
    expect(down.json.error).toMatchObject({ code: -32000, data: { retryAfterMs: 1000 } });
    expect((await post(b.url, call('initialize'), as('outage'))).status).toBe(503);

    await redis.start();
    const recovered = await Promise.all([a.url, b.url].map((url) => untilNot503(url, as('outage'))));
    expect(recovered.every((ms) => ms < 5_000)).toBe(true);
    // Sessions work again across instances.
    const session = await postInitialize(b.url, as('outage'));
    const listed = await post(a.url, call('tools/list'), { ...as('outage'), 'mcp-session-id': session });
    expect(listed.status).toBe(200);
  });

  // Last: it empties the address's budget, which would refuse the other tests' requests (Redis restarted empty).
  it('spends one failed-login budget per client address across both instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await post(i % 2 === 0 ? a.url : b.url, call('ping', i), { 'x-api-key': 'sk_not_a_key' });
      statuses.push(res.status);
    }
    // Per instance, each would have allowed four: eight 401s.
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });
});

async function postInitialize(url: string, headers: Record<string, string>): Promise<string> {
  const res = await post(
    url,
    {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    },
    headers,
  );
  const id = res.headers.get('mcp-session-id');
  if (!id) throw new Error(`no session (status ${res.status}: ${JSON.stringify(res.json)})`);
  return id;
}

/** Milliseconds until `done` holds (polling every 20 ms, at most 10 s; Infinity if never). */
async function until(done: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 10_000) {
    if (await done()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Number.POSITIVE_INFINITY;
}

/** Milliseconds until the instance answers something other than 503. */
function untilNot503(url: string, headers: Record<string, string>): Promise<number> {
  return until(async () => {
    const res = await post(url, { jsonrpc: '2.0', id: 1, method: 'ping', params: {} }, headers);
    return res.status !== 503;
  });
}
