/** The in-memory RateLimitStore: one process, bounded in size. */
import type { BucketClaim, BucketLimit, RateLimitStore, TakeResult } from './store.js';
import {
  type BucketState,
  capacityUnits,
  fullBucket,
  isFullAt,
  refill,
  unitsFor,
  waitFor,
  wholeRequests,
} from './token-bucket.js';

interface Entry {
  state: BucketState;
  limit: BucketLimit;
  /** When the entry was last used, in takes (a counter, not a clock: cheap and immune to clock jumps). */
  lastUse: number;
}

export interface MemoryRateLimitStoreOptions {
  /** Most buckets kept at once (default 100 000). Beyond it idle buckets go first, then the least recently used. */
  maxBuckets?: number;
}

/** Token buckets in a Map. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Entry>();
  private readonly maxBuckets: number;
  private uses = 0;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.maxBuckets = Math.max(1, options.maxBuckets ?? 100_000);
  }

  /** Number of buckets held (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  take(key: string, cost: number, nowMs: number, limit: BucketLimit): TakeResult {
    return this.takeAll([{ key, cost, limit }], nowMs);
  }

  /** Decides for every claim first, deducts only when all of them allow; answers synchronously. */
  takeAll(claims: readonly BucketClaim[], nowMs: number): TakeResult {
    const entries: Entry[] = [];
    let retryAfterMs = 0;
    for (const claim of claims) {
      const entry = this.touch(claim.key, claim.limit, nowMs);
      refill(entry.state, entry.limit, nowMs);
      entries.push(entry);
      retryAfterMs = Math.max(retryAfterMs, waitFor(entry.state, entry.limit, claim.cost));
    }
    const allowed = retryAfterMs === 0;
    let remaining = Number.POSITIVE_INFINITY;
    entries.forEach((entry, i) => {
      // min: a negative cost (a reservation given back) never fills a bucket beyond its capacity.
      if (allowed)
        entry.state.units = Math.min(
          capacityUnits(entry.limit),
          entry.state.units - unitsFor(claims[i]!.cost),
        );
      remaining = Math.min(remaining, wholeRequests(entry.state));
    });
    return { allowed, retryAfterMs, remaining: Number.isFinite(remaining) ? remaining : 0 };
  }

  /** Finds or creates the bucket for `key` and marks it most recently used. */
  private touch(key: string, limit: BucketLimit, nowMs: number): Entry {
    const existing = this.buckets.get(key);
    if (existing) {
      existing.lastUse = ++this.uses;
      // A changed limit (config reload) applies from now on; units above the new capacity are dropped.
      if (
        existing.limit.capacity !== limit.capacity ||
        existing.limit.refillPerMinute !== limit.refillPerMinute
      ) {
        existing.limit = limit;
        existing.state.units = Math.min(existing.state.units, fullBucket(limit, nowMs).units);
      }
      return existing;
    }
    if (this.buckets.size >= this.maxBuckets) this.evict(nowMs);
    const created: Entry = { state: fullBucket(limit, nowMs), limit, lastUse: ++this.uses };
    this.buckets.set(key, created);
    return created;
  }

  /**
   * Frees room: first every bucket that has refilled to full (forgetting it changes nothing), then, if that was not
   * enough, the least recently used, down to 90 % of the bound so the sweep does not run on every insert.
   */
  private evict(nowMs: number): void {
    for (const [key, entry] of this.buckets) {
      if (isFullAt(entry.state, entry.limit, nowMs)) this.buckets.delete(key);
    }
    const target = Math.floor(this.maxBuckets * 0.9);
    if (this.buckets.size <= target) return;
    // Rare (only when more keys are busy than the bound allows), so sorting here keeps every take a plain lookup.
    const byAge = [...this.buckets].sort((a, b) => a[1].lastUse - b[1].lastUse);
    for (const [key] of byAge) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }
}
