/**
 * The Redis RateLimitStore: token buckets shared by every instance that uses the same Redis and key prefix. One
 * request is one round trip (EVALSHA of redis-take-all-script.ts over all its buckets), atomic in Redis, so two
 * instances never both spend a bucket's last token. Bucket keys expire once the bucket would be full again.
 */
import type { RedisConnection } from '../store/redis-connection.js';
import { StoreUnavailableError, type UnavailablePolicy } from '../store/store-unavailable.js';
import { MemoryRateLimitStore } from './memory-store.js';
import { takeAllScript } from './redis-take-all-script.js';
import type { BucketClaim, BucketLimit, RateLimitStore, TakeResult } from './store.js';

export interface RedisRateLimitStoreOptions {
  connection: RedisConnection;
  /** Prefix of every key (default `safeguard:`), so several servers can share one Redis. */
  keyPrefix?: string;
  /** While Redis is unreachable: refuse (throw StoreUnavailableError, the default) or count in this process. */
  onUnavailable?: UnavailablePolicy;
  /** Bound of the local fallback store (policy `memory`). */
  maxLocalBuckets?: number;
}

/** Token buckets in Redis hashes `<prefix>rl:<key>` with fields u (units) and t (updated at, ms). */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly connection: RedisConnection;
  private readonly prefix: string;
  private readonly local: MemoryRateLimitStore | undefined;

  constructor(options: RedisRateLimitStoreOptions) {
    this.connection = options.connection;
    this.prefix = `${options.keyPrefix ?? 'safeguard:'}rl:`;
    this.local =
      options.onUnavailable === 'memory'
        ? new MemoryRateLimitStore(
            options.maxLocalBuckets === undefined ? {} : { maxBuckets: options.maxLocalBuckets },
          )
        : undefined;
  }

  take(key: string, cost: number, nowMs: number, limit: BucketLimit): Promise<TakeResult> {
    return this.takeAll([{ key, cost, limit }], nowMs);
  }

  takeAll(claims: readonly BucketClaim[], nowMs: number): Promise<TakeResult> {
    if (claims.length === 0) return Promise.resolve({ allowed: true, retryAfterMs: 0, remaining: 0 });
    const keys: string[] = [];
    const args: string[] = [String(nowMs)];
    for (const claim of claims) {
      keys.push(this.prefix + claim.key);
      args.push(String(claim.cost), String(claim.limit.capacity), String(claim.limit.refillPerMinute));
    }
    return this.connection.runScript<[number, number, number]>(takeAllScript, keys, args).then(
      ([allowed, retry, remaining]) => ({
        allowed: allowed === 1,
        retryAfterMs: retry === -1 ? Number.POSITIVE_INFINITY : retry,
        remaining,
      }),
      (error: unknown) => {
        // Policy `memory`: this instance enforces the limits alone until Redis is back.
        if (this.local && error instanceof StoreUnavailableError) return this.local.takeAll(claims, nowMs);
        throw error;
      },
    );
  }
}
