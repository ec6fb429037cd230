import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../../../src/runtime/ratelimit/memory-store.js';
import { RedisRateLimitStore } from '../../../src/runtime/ratelimit/redis-store.js';
import type { BucketClaim, BucketLimit } from '../../../src/runtime/ratelimit/store.js';
import { loadRedisClient, RedisConnection } from '../../../src/runtime/store/redis-connection.js';
import { StoreUnavailableError } from '../../../src/runtime/store/store-unavailable.js';
import { freePort, startRedis, type TestRedis } from '../helpers/redis-server.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('RedisRateLimitStore', () => {
  let redis: TestRedis;
  let connection: RedisConnection;

  beforeAll(async () => {
    redis = await startRedis();
    connection = new RedisConnection(await loadRedisClient(), { url: redis.url });
    await connection.open();
  });
  afterAll(async () => {
    await connection.close();
    await redis.kill();
  });

  it('makes every decision the in-memory store makes, for the same sequence of requests', async () => {
    const memory = new MemoryRateLimitStore();
    const shared = new RedisRateLimitStore({ connection, keyPrefix: 'same-sequence:' });
    const next = random(15);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const limits: BucketLimit[] = [
      { capacity: 3, refillPerMinute: 60 },
      { capacity: 10, refillPerMinute: 7 },
      { capacity: 1, refillPerMinute: 1 },
      { capacity: 50, refillPerMinute: 6_000 },
    ];
    const keys = ['principal:a', 'principal:b', 'tenant:t', 'tool:echo', 'tool:other'];
    let now = 1_700_000_000_000;
    let refused = 0;
    for (let step = 0; step < 1_500; step++) {
      // Mostly small steps forward, sometimes a long pause, sometimes a clock that jumps backwards.
      const r = next();
      now +=
        r < 0.05
          ? -Math.floor(next() * 5_000)
          : r < 0.1
            ? Math.floor(next() * 120_000)
            : Math.floor(next() * 400);
      const count = 1 + Math.floor(next() * 3);
      const claims: BucketClaim[] = [];
      for (let i = 0; i < count; i++) {
        // Limits change now and then (a config reload); a cost above capacity can never be served.
        const key = pick(keys);
        const limit = next() < 0.97 ? limits[keys.indexOf(key) % limits.length]! : pick(limits);
        claims.push({ key, cost: pick([0, 1, 1, 1, 2, 4]), limit });
      }
      const expected = memory.takeAll(claims, now);
      const actual = await shared.takeAll(claims, now);
      expect({ step, ...actual }).toEqual({ step, ...expected });
      if (!expected.allowed) refused++;
    }
    // The sequence exercises refusals, not only grants.
    expect(refused).toBeGreaterThan(100);
  });

  it('answers a cost no bucket can ever hold with a retry of never, like the memory store', async () => {
    const shared = new RedisRateLimitStore({ connection, keyPrefix: 'never:' });
    const result = await shared.take('k', 5, 1_000, { capacity: 2, refillPerMinute: 60 });
    expect(result).toEqual(
      new MemoryRateLimitStore().take('k', 5, 1_000, { capacity: 2, refillPerMinute: 60 }),
    );
    expect(result.retryAfterMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps a bucket only until it would be full again (plus a minute)', async () => {
    const shared = new RedisRateLimitStore({ connection, keyPrefix: 'ttl:' });
    await shared.take('k', 1, Date.now(), { capacity: 10, refillPerMinute: 60 });
    const ttl = await connection.command<number>(['PTTL', 'ttl:rl:k']);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(61_000);
  });

  it('refuses with StoreUnavailableError when Redis cannot be reached, by default', async () => {
    const offline = new RedisConnection(await loadRedisClient(), {
      url: `redis://127.0.0.1:${await freePort()}`,
      timeoutMs: 200,
    });
    await offline.open();
    try {
      const store = new RedisRateLimitStore({ connection: offline });
      await expect(store.take('k', 1, 0, { capacity: 1, refillPerMinute: 1 })).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
    } finally {
      await offline.close();
    }
  });

  it('counts in this process while Redis cannot be reached, with policy memory', async () => {
    const offline = new RedisConnection(await loadRedisClient(), {
      url: `redis://127.0.0.1:${await freePort()}`,
      timeoutMs: 200,
    });
    await offline.open();
    try {
      const store = new RedisRateLimitStore({ connection: offline, onUnavailable: 'memory' });
      const limit = { capacity: 2, refillPerMinute: 1 };
      const decisions = [];
      for (let i = 0; i < 3; i++) decisions.push((await store.take('k', 1, 0, limit)).allowed);
      expect(decisions).toEqual([true, true, false]);
    } finally {
      await offline.close();
    }
  });
});
