/** The authentication stage: sets ctx.principal and ctx.tenantId, or rejects with 401 and a Bearer challenge. */
import { AuthenticationError, RateLimitExceeded } from '../errors/mcp-error.js';
import type { SecurityEvents } from '../observability/events.js';
import type { SecurityMetrics } from '../observability/metrics.js';
import type { HandlerResult, Next, RequestContext, Stage } from '../pipeline/stage.js';
import { refuseUnavailable, StoreUnavailableError } from '../store/store-unavailable.js';
import type { AuthOutcome, Authenticator } from './authenticator.js';
import { bearerChallenge } from './challenge.js';
import type { FailedAttemptLimiter } from './failed-attempts.js';

export interface AuthenticateStageOptions {
  authenticator: Authenticator;
  events: SecurityEvents;
  metrics: SecurityMetrics;
  /** Advertised in the challenge when OAuth is configured. */
  resourceMetadataUrl?: string;
  /** When set, each address's failed attempts are limited (a token reserved before verification). */
  failedAttempts?: FailedAttemptLimiter;
}

/** Builds the authentication stage. */
export function authenticateStage(options: AuthenticateStageOptions): Stage {
  const { authenticator, events, metrics, resourceMetadataUrl, failedAttempts } = options;

  const refuse = (ctx: RequestContext, outcome: AuthFailure): Promise<never> => {
    events.authFailed(ctx, outcome.reason);
    metrics.authFailed(outcome.reason);
    const challenge = bearerChallenge({
      ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
      ...(outcome.bearerError ? { error: outcome.bearerError, description: outcome.detail } : {}),
    });
    ctx.http = { ...ctx.http, status: 401, headers: { ...ctx.http?.headers, 'WWW-Authenticate': challenge } };
    return Promise.reject(new AuthenticationError(`Authentication failed: ${outcome.detail}`));
  };

  const proceed = (ctx: RequestContext, next: Next, outcome: AuthOutcome): Promise<HandlerResult> => {
    if (!outcome.ok) return refuse(ctx, outcome);
    ctx.principal = outcome.principal;
    ctx.tenantId = outcome.principal.tenantId;
    events.authSucceeded(ctx, outcome.principal.via, outcome.keyId);
    return next();
  };

  // Not an async function: an API key is verified synchronously, so the common case adds no promise.
  const authenticate: Stage = (ctx, next) => {
    const outcome = authenticator.authenticate(ctx.info);
    return outcome instanceof Promise
      ? outcome.then((settled) => proceed(ctx, next, settled))
      : proceed(ctx, next, outcome);
  };
  if (!failedAttempts) return authenticate;

  return async (ctx, next) => {
    const address = ctx.info.remoteAddress;
    if (address === undefined) return authenticate(ctx, next);
    // The budget lives in the rate limits' store: while a shared one is unreachable, refuse as the limiter does.
    const attempt = await failedAttempts
      .attempt(address, () => authenticator.authenticate(ctx.info))
      .catch((error: unknown) => {
        throw error instanceof StoreUnavailableError ? refuseUnavailable(ctx) : error;
      });
    if (attempt.blocked) {
      const waitMs = attempt.retryAfterMs;
      events.rateLimited(ctx, ['auth_failures'], waitMs);
      metrics.rateLimited(['auth_failures']);
      const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
      ctx.http = { ...ctx.http, status: 429, headers: { ...ctx.http?.headers, 'Retry-After': retryAfter } };
      throw new RateLimitExceeded(waitMs);
    }
    return proceed(ctx, next, attempt.outcome);
  };
}

type AuthFailure = Extract<AuthOutcome, { ok: false }>;
