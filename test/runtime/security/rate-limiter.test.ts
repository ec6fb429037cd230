import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../../../src/runtime/ratelimit/memory-store.js';
import { RateLimiter } from '../../../src/runtime/ratelimit/rate-limiter.js';
import { ScopedRateLimiter } from '../../../src/runtime/ratelimit/scoped-limiter.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}

describe('RateLimiter (token bucket per principal)', () => {
  it('allows a full burst and refuses the next request', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 3, clock: clock.now });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await limiter.allowRequest('user-123'));
    expect(answers).toEqual([true, true, true, false]);
  });

  it('refills one request per second at 60 per minute, and says exactly when', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 1, clock: clock.now });
    expect((await limiter.check('u')).allowed).toBe(true);
    const refused = await limiter.check('u');
    expect(refused).toEqual({ allowed: false, retryAfterMs: 1000, remaining: 0 });
    clock.advance(999);
    expect(await limiter.allowRequest('u')).toBe(false);
    clock.advance(1);
    expect(await limiter.allowRequest('u')).toBe(true);
  });

  it('keeps principals apart', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 1, clock: clock.now });
    expect(await limiter.allowRequest('alice')).toBe(true);
    expect(await limiter.allowRequest('alice')).toBe(false);
    expect(await limiter.allowRequest({ id: 'bob', roles: [], via: 'api-key' })).toBe(true);
  });

  it('never holds more than the burst however long the key was idle', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 2, clock: clock.now });
    await limiter.allowRequest('u');
    clock.advance(10 * 365 * 24 * 3600 * 1000);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await limiter.allowRequest('u'));
    expect(answers).toEqual([true, true, false]);
  });

  it('grants nothing when the clock jumps backwards', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 1, clock: clock.now });
    await limiter.allowRequest('u');
    clock.advance(-3_600_000);
    expect(await limiter.allowRequest('u')).toBe(false);
  });

  it('does not lock a key out after the clock jumps backwards: refill resumes from the new reading', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 1, clock: clock.now });
    await limiter.allowRequest('u');
    clock.advance(-3_600_000);
    await limiter.allowRequest('u');
    clock.advance(1000);
    expect(await limiter.allowRequest('u')).toBe(true);
  });

  it('rejects a limit that is not a positive integer, naming it', () => {
    expect(() => new RateLimiter({ requestsPerMinute: 0 })).toThrow(/requestsPerMinute/);
    expect(() => new RateLimiter({ requestsPerMinute: 10, burst: 1.5 })).toThrow(/burst/);
  });
});

describe('ScopedRateLimiter (principal, tenant and tool together)', () => {
  const limit = (burst: number) => ({ capacity: burst, refillPerMinute: 60 });

  it('refuses when the tenant is exhausted even though the principal is not, and names the scope', async () => {
    const clock = manualClock();
    const limiter = new ScopedRateLimiter({
      limits: { principal: limit(5), tenant: limit(2) },
      clock: clock.now,
    });
    await limiter.check({ principal: 'a', tenant: 't1' });
    await limiter.check({ principal: 'b', tenant: 't1' });
    const refused = await limiter.check({ principal: 'c', tenant: 't1' });
    expect(refused.allowed).toBe(false);
    expect(refused.exhausted).toEqual(['tenant']);
    expect(refused.retryAfterMs).toBe(1000);
  });

  it('charges the cost asked for to every scope, also for a subject seen before', async () => {
    const clock = manualClock();
    const limiter = new ScopedRateLimiter({
      limits: { principal: limit(5), tenant: limit(9) },
      clock: clock.now,
    });
    await limiter.check({ principal: 'a', tenant: 't1' });
    expect(await limiter.check({ principal: 'a', tenant: 't1' }, 3)).toMatchObject({
      allowed: true,
      remaining: 1,
    });
    const refused = await limiter.check({ principal: 'a', tenant: 't1' }, 2);
    expect(refused.allowed).toBe(false);
    expect(refused.exhausted).toEqual(['principal']);
    expect(await limiter.check({ principal: 'a', tenant: 't1' })).toMatchObject({
      allowed: true,
      remaining: 0,
    });
  });

  it('does not count a refused request against the scopes that had room', async () => {
    const clock = manualClock();
    const limiter = new ScopedRateLimiter({
      limits: { principal: limit(2), tool: limit(1) },
      clock: clock.now,
    });
    expect((await limiter.check({ principal: 'a', tool: 'search' })).allowed).toBe(true);
    expect((await limiter.check({ principal: 'a', tool: 'search' })).allowed).toBe(false);
    // The refused call above must not have used a's second request.
    expect((await limiter.check({ principal: 'a', tool: 'other' })).allowed).toBe(true);
  });

  it('reports the longest wait among the exhausted scopes', async () => {
    const clock = manualClock();
    const limiter = new ScopedRateLimiter({
      limits: { principal: { capacity: 1, refillPerMinute: 60 }, tool: { capacity: 1, refillPerMinute: 6 } },
      clock: clock.now,
    });
    await limiter.check({ principal: 'a', tool: 'slow' });
    const refused = await limiter.check({ principal: 'a', tool: 'slow' });
    expect(refused.exhausted).toEqual(['principal', 'tool']);
    expect(refused.retryAfterMs).toBe(10_000);
  });

  it('never lets a principal and a tenant with the same name share a bucket', async () => {
    const clock = manualClock();
    const limiter = new ScopedRateLimiter({
      limits: { principal: limit(1), tenant: limit(1) },
      clock: clock.now,
    });
    expect((await limiter.check({ principal: 'x' })).allowed).toBe(true);
    expect((await limiter.check({ tenant: 'x' })).allowed).toBe(true);
  });
});

describe('ScopedRateLimiter bucket keys', () => {
  /** The keys each check draws from, as the store sees them. */
  function recordingLimiter(toolBuckets: 'tenant' | 'global') {
    const seen: string[][] = [];
    const store = new MemoryRateLimitStore();
    const takeAll = store.takeAll.bind(store);
    store.takeAll = (claims, nowMs) => {
      seen.push(claims.map((c) => c.key));
      return takeAll(claims, nowMs);
    };
    const limit = { capacity: 1_000_000, refillPerMinute: 1_000_000 };
    const limiter = new ScopedRateLimiter({
      limits: { principal: limit, tenant: limit, tool: limit },
      toolBuckets,
      store,
      clock: () => 0,
    });
    return { limiter, seen };
  }

  it('are the same whether built or remembered, for every owner, also after the cache is emptied', async () => {
    const { limiter, seen } = recordingLimiter('tenant');
    const subjects = [
      { principal: 'p', tenant: 't', tool: 'tools/call:echo' },
      { principal: 'p', tool: 'tools/call:echo' },
      { principal: 't', tenant: 'p', tool: 'tools/call:echo' },
      { principal: 'q', tenant: 't', tool: 'tools/call:echo' },
      { tenant: 't', tool: 'ping' },
    ];
    const expected = [
      ['principal:2:tt:p', 'tenant:t', 'tool:2:tt:tools/call:echo'],
      ['principal:0::p', 'tool:2:pp:tools/call:echo'],
      ['principal:2:tp:t', 'tenant:p', 'tool:2:tp:tools/call:echo'],
      ['principal:2:tt:q', 'tenant:t', 'tool:2:tt:tools/call:echo'],
      ['tenant:t', 'tool:2:tt:ping'],
    ];
    for (let round = 0; round < 2; round++) {
      seen.length = 0;
      for (const subject of subjects) await limiter.check(subject);
      expect(seen).toEqual(expected);
    }
    // More distinct principals than the cache holds: it is emptied, and keys stay what they were.
    for (let i = 0; i < 10_050; i++) await limiter.check({ principal: `u${i}`, tenant: 't', tool: 'ping' });
    seen.length = 0;
    for (const subject of subjects) await limiter.check(subject);
    expect(seen).toEqual(expected);
  });

  it('give every tenant one bucket per tool only when tool buckets are global', async () => {
    const { limiter, seen } = recordingLimiter('global');
    await limiter.check({ principal: 'p', tenant: 'a', tool: 'tools/call:echo' });
    await limiter.check({ principal: 'p', tenant: 'b', tool: 'tools/call:echo' });
    expect(seen.map((keys) => keys[2])).toEqual(['tool:tools/call:echo', 'tool:tools/call:echo']);
  });
});

describe('MemoryRateLimitStore', () => {
  const limit = { capacity: 1, refillPerMinute: 60 };

  it('stays within its bound by forgetting buckets that have refilled', async () => {
    const store = new MemoryRateLimitStore({ maxBuckets: 10 });
    for (let i = 0; i < 10; i++) await store.take(`k${i}`, 1, 0, limit);
    await store.take('late', 1, 5_000, limit);
    expect(store.size).toBe(1);
  });

  it('evicts the least recently used busy bucket when none has refilled', async () => {
    const store = new MemoryRateLimitStore({ maxBuckets: 3 });
    await store.take('a', 1, 0, limit);
    await store.take('b', 1, 0, limit);
    await store.take('c', 1, 0, limit);
    await store.take('a', 0, 0, limit); // touch a: b is now the least recently used
    await store.take('d', 1, 0, limit);
    expect(store.size).toBeLessThanOrEqual(3);
    expect((await store.take('a', 1, 0, limit)).allowed).toBe(false); // a was kept, still empty
  });

  it('refuses a cost larger than the bucket can ever hold with an infinite wait', async () => {
    const store = new MemoryRateLimitStore();
    const result = await store.take('k', 2, 0, limit);
    expect(result.allowed).toBe(false);
    expect(result.retryAfterMs).toBe(Number.POSITIVE_INFINITY);
  });
});
