/** The authentication stage: sets ctx.principal and ctx.tenantId, or rejects with 401 and a Bearer challenge. */
import { AuthenticationError, RateLimitExceeded } from '../errors/mcp-error.js';
import type { SecurityEvents } from '../observability/events.js';
import type { SecurityMetrics } from '../observability/metrics.js';
import type { Stage } from '../pipeline/stage.js';
import type { Authenticator } from './authenticator.js';
import { bearerChallenge } from './challenge.js';
import type { FailedAttemptLimiter } from './failed-attempts.js';

export interface AuthenticateStageOptions {
  authenticator: Authenticator;
  events: SecurityEvents;
  metrics: SecurityMetrics;
  /** Advertised in the challenge when OAuth is configured. */
  resourceMetadataUrl?: string;
  /** When set, addresses with too many failed attempts are refused before verification. */
  failedAttempts?: FailedAttemptLimiter;
}

/** Builds the authentication stage. */
export function authenticateStage(options: AuthenticateStageOptions): Stage {
  const { authenticator, events, metrics, resourceMetadataUrl, failedAttempts } = options;
  return async (ctx, next) => {
    const address = failedAttempts ? ctx.info.remoteAddress : undefined;
    if (failedAttempts && address !== undefined) {
      const waitMs = await failedAttempts.blockedFor(address);
      if (waitMs > 0) {
        events.rateLimited(ctx, ['auth_failures'], waitMs);
        metrics.rateLimited(['auth_failures']);
        const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
        ctx.http = { ...ctx.http, status: 429, headers: { ...ctx.http?.headers, 'Retry-After': retryAfter } };
        throw new RateLimitExceeded(waitMs);
      }
    }
    const outcome = await authenticator.authenticate(ctx.info);
    if (!outcome.ok) {
      events.authFailed(ctx, outcome.reason);
      metrics.authFailed(outcome.reason);
      if (failedAttempts && address !== undefined) await failedAttempts.recordFailure(address);
      const challenge = bearerChallenge({
        ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
        ...(outcome.bearerError ? { error: outcome.bearerError, description: outcome.detail } : {}),
      });
      ctx.http = {
        ...ctx.http,
        status: 401,
        headers: { ...ctx.http?.headers, 'WWW-Authenticate': challenge },
      };
      throw new AuthenticationError(`Authentication failed: ${outcome.detail}`);
    }
    ctx.principal = outcome.principal;
    ctx.tenantId = outcome.principal.tenantId;
    events.authSucceeded(ctx, outcome.principal.via, outcome.keyId);
    return next();
  };
}
