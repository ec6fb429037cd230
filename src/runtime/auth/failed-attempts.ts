/**
 * Slows down credential guessing: failed authentications are counted per client address in a token bucket, and an
 * address whose bucket is empty is refused (429) before any credential is verified. Successful requests cost nothing.
 * Opt-in: behind a reverse proxy every client shares the proxy's address, and one attacker could lock everyone out.
 */
import type { Clock } from '../ratelimit/clock.js';
import type { BucketLimit, RateLimitStore } from '../ratelimit/store.js';

/** Failed attempts per client address. */
export class FailedAttemptLimiter {
  constructor(
    private readonly limit: BucketLimit,
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
  ) {}

  /** Milliseconds this address must wait before trying again; 0 when it may try now. */
  async blockedFor(address: string): Promise<number> {
    const key = `auth-failures:${address}`;
    const nowMs = this.clock();
    const probe = await this.store.take(key, 0, nowMs, this.limit);
    if (probe.remaining >= 1) return 0;
    // A take of one that cannot succeed takes nothing and says how long until it would.
    return (await this.store.take(key, 1, nowMs, this.limit)).retryAfterMs;
  }

  /** Counts one failed attempt from this address. */
  async recordFailure(address: string): Promise<void> {
    await this.store.take(`auth-failures:${address}`, 1, this.clock(), this.limit);
  }
}
