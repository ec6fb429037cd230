// A token bucket per principal: `burst` tokens, refilled at `requestsPerMinute`.
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly requestsPerMinute: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for the principal; returns 0 when allowed, else the milliseconds until a token is free. */
  take(principal: string): number {
    const now = this.now();
    const bucket = this.buckets.get(principal) ?? { tokens: this.burst, updatedAt: now };
    const refill = ((now - bucket.updatedAt) * this.requestsPerMinute) / 60_000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + refill);
    bucket.updatedAt = now;
    this.buckets.set(principal, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 60_000) / this.requestsPerMinute);
  }
}
