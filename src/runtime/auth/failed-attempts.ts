/**
 * Slows down credential guessing: failed authentications are counted per client address in a token bucket, and an
 * address whose bucket is empty is refused (429) before any credential is verified. Successful requests cost nothing.
 * Opt-in: behind a reverse proxy every client shares the proxy's address, and one attacker could lock everyone out.
 *
 * The token is reserved before the credentials are verified and given back when they turn out to be good. Checking
 * first and counting the failure after verifying let every request already in flight through: 40 concurrent Basic
 * logins with a wrong password were all bcrypt-checked and all answered 401 with a burst of 5.
 */
import type { Clock } from '../ratelimit/clock.js';
import type { Awaitable, BucketLimit, RateLimitStore } from '../ratelimit/store.js';
import { StoreUnavailableError } from '../store/store-unavailable.js';
import type { AuthOutcome } from './authenticator.js';

/** What an attempt came to: the verification's outcome, or a refusal before anything was verified. */
export type Attempt = { blocked: false; outcome: AuthOutcome } | { blocked: true; retryAfterMs: number };

/** Failed attempts per client address. */
export class FailedAttemptLimiter {
  /** Verifications in progress per address (in this process): a reservation they give back may serve a waiter. */
  private readonly inFlight = new Map<string, Set<Promise<unknown>>>();

  constructor(
    private readonly limit: BucketLimit,
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Verifies a request from `address` with one failed attempt reserved for it: the address pays for every attempt
   * in flight, so concurrency cannot stretch its budget; an attempt that succeeds is given back. When nothing is
   * left but attempts are still being verified, the request waits for them (a good one gives its token back), so
   * concurrent good logins from one address are not refused; it is refused once nothing in flight can free a token.
   */
  async attempt(address: string, verify: () => Awaitable<AuthOutcome>): Promise<Attempt> {
    const key = `auth-failures:${address}`;
    for (;;) {
      const reserved = await this.store.take(key, 1, this.clock(), this.limit);
      if (reserved.allowed) break;
      const pending = this.inFlight.get(address);
      if (!pending) return { blocked: true, retryAfterMs: reserved.retryAfterMs };
      await Promise.race(pending);
    }
    const verified = this.verifyAndSettle(key, verify);
    this.track(address, verified);
    return { blocked: false, outcome: await verified };
  }

  /** The outcome, once a good attempt has given its reservation back (waiters wake only after that). */
  private async verifyAndSettle(key: string, verify: () => Awaitable<AuthOutcome>): Promise<AuthOutcome> {
    const outcome = await verify();
    // A negative cost gives the reserved request back (never above the bucket's capacity). A shared store that
    // cannot be reached keeps the reservation (the budget only errs on the strict side) and the good login stands.
    if (outcome.ok) {
      try {
        await this.store.take(key, -1, this.clock(), this.limit);
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
      }
    }
    return outcome;
  }

  private track(address: string, verifying: Promise<AuthOutcome>): void {
    let pending = this.inFlight.get(address);
    if (!pending) this.inFlight.set(address, (pending = new Set()));
    const settled = verifying.then(
      () => {},
      () => {},
    );
    pending.add(settled);
    void settled.then(() => {
      pending.delete(settled);
      if (pending.size === 0 && this.inFlight.get(address) === pending) this.inFlight.delete(address);
    });
  }
}
