/**
 * Token-bucket arithmetic in integers. One request is worth MINUTE_MS units and a bucket gains `refillPerMinute`
 * units per millisecond, so refills and retry hints are exact (no floating-point drift between instances).
 */
import type { BucketLimit } from './store.js';

export const MINUTE_MS = 60_000;

/** A bucket's state: units held and the clock reading they were last brought up to date at. */
export interface BucketState {
  units: number;
  updatedAtMs: number;
}

/** A full bucket as of `nowMs`: what a key that was never seen starts with. */
export function fullBucket(limit: BucketLimit, nowMs: number): BucketState {
  return { units: limit.capacity * MINUTE_MS, updatedAtMs: nowMs };
}

/**
 * Brings a bucket up to `nowMs`. A clock that jumped backwards adds nothing and restarts the count from the new
 * reading (so a backwards jump neither grants tokens nor locks the key out until the clock catches up).
 */
export function refill(state: BucketState, limit: BucketLimit, nowMs: number): void {
  if (nowMs <= state.updatedAtMs) {
    state.updatedAtMs = nowMs;
    return;
  }
  const capacityUnits = limit.capacity * MINUTE_MS;
  const missing = capacityUnits - state.units;
  if (missing > 0) {
    // Cap the elapsed time first so huge forward jumps cannot overflow safe integers.
    const elapsed = Math.min(nowMs - state.updatedAtMs, Math.ceil(missing / limit.refillPerMinute));
    state.units = Math.min(capacityUnits, state.units + elapsed * limit.refillPerMinute);
  }
  state.updatedAtMs = nowMs;
}

/** Units a full bucket holds. */
export function capacityUnits(limit: BucketLimit): number {
  return limit.capacity * MINUTE_MS;
}

/** Units a request of `cost` needs. */
export function unitsFor(cost: number): number {
  return cost * MINUTE_MS;
}

/** Milliseconds until a refilled bucket holds `cost` requests; 0 if it already does; Infinity if it never can. */
export function waitFor(state: BucketState, limit: BucketLimit, cost: number): number {
  const need = unitsFor(cost);
  if (state.units >= need) return 0;
  if (need > limit.capacity * MINUTE_MS) return Number.POSITIVE_INFINITY;
  return Math.ceil((need - state.units) / limit.refillPerMinute);
}

/** Whole requests a bucket holds. */
export function wholeRequests(state: BucketState): number {
  return Math.floor(state.units / MINUTE_MS);
}

/** True when the bucket is full as of `nowMs`, i.e. forgetting it changes nothing. */
export function isFullAt(state: BucketState, limit: BucketLimit, nowMs: number): boolean {
  const capacityUnits = limit.capacity * MINUTE_MS;
  if (state.units >= capacityUnits) return true;
  if (nowMs <= state.updatedAtMs) return false;
  return (nowMs - state.updatedAtMs) * limit.refillPerMinute >= capacityUnits - state.units;
}
