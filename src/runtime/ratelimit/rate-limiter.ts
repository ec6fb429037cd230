/**
 * One token bucket per principal: the runtime's original rate-limiting API (`new RateLimiter({ requestsPerMinute })`,
 * `allowRequest(principal)`), kept for code that uses it; the security stages use ScopedRateLimiter.
 */
import type { Principal } from '../auth/principal.js';
import { type Clock, systemClock } from './clock.js';
import { MemoryRateLimitStore } from './memory-store.js';
import type { BucketLimit, RateLimitStore, TakeResult } from './store.js';

export interface RateLimiterOptions {
  /** Sustained rate. Integer >= 1. */
  requestsPerMinute: number;
  /** Requests allowed at once from a full bucket (default: requestsPerMinute). */
  burst?: number;
  store?: RateLimitStore;
  clock?: Clock;
}

/** Checks a limit shape and turns it into a BucketLimit, or throws a RangeError naming the field. */
export function bucketLimit(requestsPerMinute: number, burst: number = requestsPerMinute): BucketLimit {
  if (!Number.isSafeInteger(requestsPerMinute) || requestsPerMinute < 1) {
    throw new RangeError(`requestsPerMinute must be an integer >= 1, got ${String(requestsPerMinute)}`);
  }
  if (!Number.isSafeInteger(burst) || burst < 1) {
    throw new RangeError(`burst must be an integer >= 1, got ${String(burst)}`);
  }
  return { capacity: burst, refillPerMinute: requestsPerMinute };
}

/** `new RateLimiter({ requestsPerMinute: 60 })`, then `if (await limiter.allowRequest('user-123')) …`. */
export class RateLimiter {
  readonly limit: BucketLimit;
  private readonly store: RateLimitStore;
  private readonly clock: Clock;

  constructor(options: RateLimiterOptions) {
    this.limit = bucketLimit(options.requestsPerMinute, options.burst);
    this.store = options.store ?? new MemoryRateLimitStore();
    this.clock = options.clock ?? systemClock;
  }

  /** True (and one request counted) when the principal is under its limit. */
  async allowRequest(principal: string | Principal): Promise<boolean> {
    return (await this.check(principal)).allowed;
  }

  /** Counts one request for the principal and says whether it may proceed and, if not, when to retry. */
  async check(principal: string | Principal, cost = 1): Promise<TakeResult> {
    const id = typeof principal === 'string' ? principal : principal.id;
    return this.store.take(`principal:${id}`, cost, this.clock(), this.limit);
  }
}
