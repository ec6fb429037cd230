import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../../src/runtime/config/load.js';
import {
  openRedisSharedState,
  type RedisSharedState,
} from '../../../src/runtime/store/redis-shared-state.js';
import { initialize, post, startHttpServer } from '../helpers/http-server.js';
import { freePort, startRedis, type TestRedis } from '../helpers/redis-server.js';

type Running = Awaited<ReturnType<typeof startHttpServer>>;

/** Reads a session's GET stream until a data line satisfies `match`, or fails after 5 s. */
async function nextEvent(
  stream: Response,
  match: (message: { method?: string }) => boolean,
): Promise<unknown> {
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 5_000;
  try {
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      for (const line of text.split('\n')) {
        if (!line.startsWith('data: ')) continue;
        const message = JSON.parse(line.slice(6)) as { method?: string };
        if (match(message)) return message;
      }
    }
  } finally {
    reader.releaseLock();
  }
  throw new Error(`no matching event; stream so far: ${text}`);
}

// Two servers in one process, each with its own Redis connection, as two instances behind a load balancer.
describe('notifications across instances (Redis pub/sub)', () => {
  let redis: TestRedis;
  const shared: RedisSharedState[] = [];
  let a: Running;
  let b: Running;

  beforeAll(async () => {
    redis = await startRedis();
    const config = parseServerConfig({ store: { redis: { url: redis.url, key_prefix: 'relay:' } } }).store!
      .redis;
    for (let i = 0; i < 2; i++) shared.push(await openRedisSharedState(config));
    const serve = (state: RedisSharedState) =>
      startHttpServer({}, {}, { sessions: state.sessions, relay: state.relay });
    [a, b] = await Promise.all([serve(shared[0]!), serve(shared[1]!)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(shared.map((state) => state.close()));
    await redis?.kill();
  });

  it('delivers a tool list change on one instance to a session stream open on the other', async () => {
    const id = await initialize(a.url);
    const stream = await fetch(b.url, { headers: { accept: 'text/event-stream', 'mcp-session-id': id } });
    expect(stream.status).toBe(200);
    const event = nextEvent(stream, (m) => m.method === 'notifications/tools/list_changed');
    a.server.registry.registerTool({
      name: 'added_on_a',
      description: 'x',
      inputSchema: {},
      handler: () => 'ok',
    });
    await expect(event).resolves.toMatchObject({ method: 'notifications/tools/list_changed' });
    await stream.body?.cancel();
  });

  it('delivers a resource update on one instance to the session subscribed on the other', async () => {
    const id = await initialize(a.url);
    const stream = await fetch(b.url, { headers: { accept: 'text/event-stream', 'mcp-session-id': id } });
    const subscribed = await post(
      b.url,
      { jsonrpc: '2.0', id: 2, method: 'resources/subscribe', params: { uri: 'test://static-text' } },
      { 'mcp-session-id': id },
    );
    expect(subscribed.status).toBe(200);
    const event = nextEvent(stream, (m) => m.method === 'notifications/resources/updated');
    a.server.notifyResourceUpdated('test://static-text');
    await expect(event).resolves.toMatchObject({ params: { uri: 'test://static-text' } });
    await stream.body?.cancel();
  });
});

describe('sessions while Redis is unreachable, policy memory', () => {
  it('serves as a single instance: new sessions are local, unknown ones are 404', async () => {
    const config = parseServerConfig({
      store: {
        redis: { url: `redis://127.0.0.1:${await freePort()}`, on_unavailable: 'memory', timeout_ms: 200 },
      },
    }).store!.redis;
    const state = await openRedisSharedState(config);
    const running = await startHttpServer({}, {}, { sessions: state.sessions, relay: state.relay });
    try {
      const id = await initialize(running.url);
      const list = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };
      expect((await post(running.url, list, { 'mcp-session-id': id })).status).toBe(200);
      expect((await post(running.url, list, { 'mcp-session-id': 'opened-elsewhere' })).status).toBe(404);
    } finally {
      await running.close();
      await state.close();
    }
  });
});
