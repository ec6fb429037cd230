/**
 * Where token buckets live. The interface is atomic on purpose: a store decides and deducts in one step, so a shared
 * store (e.g. Redis running the same arithmetic in a Lua script) stays correct with several server instances.
 */

/** The shape of one bucket: how many requests it holds and how fast it refills. */
export interface BucketLimit {
  /** Requests the bucket holds when full (the burst). Integer >= 1. */
  capacity: number;
  /** Requests added back per minute. Integer >= 1. */
  refillPerMinute: number;
}

/** The outcome of taking from one or several buckets. */
export interface TakeResult {
  allowed: boolean;
  /** Milliseconds until the request would be allowed; 0 when allowed. */
  retryAfterMs: number;
  /** Whole requests left in the fullest-constrained bucket after this take. */
  remaining: number;
}

/** One bucket a request draws from. */
export interface BucketClaim {
  key: string;
  cost: number;
  limit: BucketLimit;
}

/** A value, or a promise of it: in-memory stores answer at once, networked ones (Redis) asynchronously. */
export type Awaitable<T> = T | Promise<T>;

/** Atomic token-bucket storage. */
export interface RateLimitStore {
  /**
   * Take `cost` requests from the bucket `key` at `nowMs`, or take nothing and say when to retry. A negative cost
   * gives requests back (a reservation that turned out not to count); a bucket never holds more than its capacity.
   */
  take(key: string, cost: number, nowMs: number, limit: BucketLimit): Awaitable<TakeResult>;
  /** Take from every bucket or from none: a request counts against principal, tenant and tool together or not at all. */
  takeAll(claims: readonly BucketClaim[], nowMs: number): Awaitable<TakeResult>;
}
