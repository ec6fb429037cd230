/** Rate limiting and /metrics over real sockets, with the limiter's clock driven by the test (no sleeps). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { type SecuredServer, openSession, rpc, startSecuredServer } from './secured-server.js';

const KEY_A = generateApiKey();
const KEY_B = generateApiKey();
let now = 1_000_000;
let server: SecuredServer;
let aliceSession: string;

beforeAll(async () => {
  server = await startSecuredServer(
    {
      security: {
        api_keys: [
          { id: 'a', hash: digestApiKey(KEY_A), principal: 'alice', tenant: 'tenant-a', roles: ['user'] },
          { id: 'b', hash: digestApiKey(KEY_B), principal: 'bob', tenant: 'tenant-b', roles: ['user'] },
        ],
      },
      rate_limit: { requests_per_minute: 60, burst: 5, per: ['principal'] },
    },
    { clock: () => now },
  );
});
afterAll(() => server.close());

const call = (key: string, session: string) =>
  rpc(
    server.url,
    'tools/call',
    { name: 'echo', arguments: { text: 'x' } },
    { 'x-api-key': key, 'mcp-session-id': session },
  );

describe('rate limiting over HTTP', () => {
  it('answers a burst past the limit with 429, Retry-After and the hint in the JSON-RPC error', async () => {
    const session = (aliceSession = await openSession(server.url, { 'x-api-key': KEY_A })); // initialize + initialized: 2 requests
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(KEY_A, session)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await call(KEY_A, session);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body?.['error']).toMatchObject({ code: -32029, data: { retryAfterMs: 1000 } });
  });

  it('limits each principal on its own', async () => {
    const session = await openSession(server.url, { 'x-api-key': KEY_B });
    expect((await call(KEY_B, session)).status).toBe(200);
  });

  it('lets the principal back in once the bucket has refilled', async () => {
    now += 1000;
    expect((await call(KEY_A, aliceSession)).status).toBe(200);
  });

  it('logs each rejection', () => {
    const rejections = server.log.lines().filter((line) => line['event'] === 'rate_limited');
    expect(rejections).toHaveLength(2);
    expect(rejections[0]).toMatchObject({ principal: 'alice', scopes: ['principal'], retry_after_ms: 1000 });
  });
});

describe('/metrics over HTTP', () => {
  it('serves Prometheus text that counts what happened', async () => {
    await rpc(server.url, 'tools/list', {}, { 'x-api-key': 'sgk_not-a-key' });
    const response = await fetch(`${server.origin}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const samples = parsePrometheus(await response.text());
    expect(samples.get('mcp_requests_total{method="tools/call",tool="echo",outcome="ok"}')).toBe(5);
    expect(samples.get('mcp_requests_total{method="tools/call",tool="echo",outcome="rate_limited"}')).toBe(2);
    expect(samples.get('mcp_rate_limit_rejections_total{scope="principal"}')).toBe(2);
    expect(samples.get('mcp_auth_failures_total{reason="unknown-api-key"}')).toBe(1);
    expect(samples.get('mcp_active_sessions')).toBe(2);
    expect(
      samples.get('mcp_request_duration_seconds_count{method="tools/call",tool="echo",outcome="ok"}'),
    ).toBe(5);
  });
});

/**
 * A strict reader of the Prometheus text format (0.0.4): every line is a comment (# HELP / # TYPE) or
 * `name{labels} value`; anything else fails the test.
 */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const sample =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/;
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = sample.exec(line);
    if (!match) throw new Error(`not Prometheus text: ${line}`);
    samples.set(match[1]! + (match[2] ?? ''), Number(match[3]));
  }
  return samples;
}
