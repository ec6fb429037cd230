/**
 * RedisSessionStore's per-principal cap against a real redis-server: the same sessions survive as in the in-memory
 * store, across two instances sharing one Redis, and another principal's or tenant's sessions are never touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSessionStore } from '../../../src/runtime/session/redis-session-store.js';
import {
  InMemorySessionStore,
  type Session,
  type SessionStore,
} from '../../../src/runtime/session/session.js';
import { loadRedisClient, RedisConnection } from '../../../src/runtime/store/redis-connection.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';

const owner = (principalId: string | undefined, tenantId?: string) => ({
  ...(principalId === undefined ? {} : { principalId }),
  ...(tenantId === undefined ? {} : { tenantId }),
  protocolVersion: '2025-11-25',
  clientCapabilities: {},
});

describe('RedisSessionStore caps', () => {
  let redis: TestRedis;
  let connection: RedisConnection;
  const stores: RedisSessionStore[] = [];
  let prefixes = 0;

  beforeAll(async () => {
    redis = await startRedis();
    connection = new RedisConnection(await loadRedisClient(), { url: redis.url });
    await connection.open();
  });
  afterAll(async () => {
    for (const store of stores) store.close();
    await connection.close();
    await redis.kill();
  });

  /** Two instances on one key prefix of their own, with a clock the test moves. */
  function twoInstances(maxSessionsPerPrincipal: number) {
    const clock = { now: 1_700_000_000_000 };
    const keyPrefix = `caps${++prefixes}:`;
    const make = () => {
      const store = new RedisSessionStore({
        connection,
        keyPrefix,
        maxSessionsPerPrincipal,
        now: () => clock.now,
      });
      stores.push(store);
      return store;
    };
    // Whether Redis still has a session: a new instance, which has cached nothing, can load it.
    const inRedis = async (id: string) => (await make().load(id)) !== undefined;
    return { a: make(), b: make(), clock, inRedis };
  }

  async function create(store: SessionStore, init: ReturnType<typeof owner>): Promise<Session> {
    const session = store.create(init);
    await store.saved?.(session.id);
    return session;
  }

  it('keeps the same sessions as the in-memory store, whichever instance opened them', async () => {
    const { a, b, clock, inRedis } = twoInstances(3);
    const memory = new InMemorySessionStore({ maxSessionsPerPrincipal: 3, now: () => clock.now });
    const opened: { redis: Session; memory: Session }[] = [];
    for (let i = 0; i < 7; i++) {
      clock.now += 10;
      opened.push({
        redis: await create(i % 2 === 0 ? a : b, owner('alice', 'tenant-a')),
        memory: await create(memory, owner('alice', 'tenant-a')),
      });
    }
    const kept = { redis: [] as boolean[], memory: [] as boolean[] };
    for (const o of opened) {
      kept.redis.push(await inRedis(o.redis.id));
      kept.memory.push(memory.get(o.memory.id) !== undefined);
    }
    expect(kept.redis).toEqual(kept.memory);
    expect(kept.redis).toEqual([false, false, false, false, true, true, true]);
  });

  it('ends the least recently used session, counting uses on every instance once refreshed', async () => {
    const { a, b, clock, inRedis } = twoInstances(2);
    const first = await create(a, owner('alice', 'tenant-a'));
    clock.now += 10;
    const second = await create(b, owner('alice', 'tenant-a'));
    clock.now += 10;
    // The first is used on instance A (pushed back in Redis by the batched refresh): the second is now the oldest.
    expect(a.get(first.id)).toBeDefined();
    await a.refresh();
    clock.now += 10;
    const third = await create(b, owner('alice', 'tenant-a'));
    expect(await inRedis(first.id)).toBe(true);
    expect(await inRedis(third.id)).toBe(true);
    expect(await inRedis(second.id)).toBe(false);
    // And instance B, which opened it, no longer serves it.
    expect(b.get(second.id)).toBeUndefined();
  });

  it("never ends another principal's, another tenant's or an unauthenticated session", async () => {
    const { a, clock, inRedis } = twoInstances(1);
    const others = [
      await create(a, owner('bob', 'tenant-a')),
      await create(a, owner('alice', 'tenant-b')),
      await create(a, owner('alice')),
      await create(a, owner(undefined)),
      await create(a, owner(undefined)),
    ];
    clock.now += 10;
    await create(a, owner('alice', 'tenant-a'));
    await create(a, owner('alice', 'tenant-a'));
    for (const session of others) expect(await inRedis(session.id)).toBe(true);
  });
});
