/**
 * Puts an extra HTTP route (such as `GET /metrics`) behind the same authentication as the MCP endpoint and one
 * permission: request counts, tool names and tenants' activity are not for anyone who can reach the port.
 */
import type { RolePermissions } from '../authz/role-permissions.js';
import type { SecurityEvents } from '../observability/events.js';
import type { SecurityMetrics } from '../observability/metrics.js';
import type { RequestInfo } from '../pipeline/stage.js';
import type { Authenticator } from './authenticator.js';
import { bearerChallenge } from './challenge.js';
import type { HttpRoute } from '../transports/http-route.js';
import type { Attempt, FailedAttemptLimiter } from './failed-attempts.js';
import { STORE_RETRY_AFTER_MS, StoreUnavailableError } from '../store/store-unavailable.js';

export interface RouteGuardOptions {
  /** The route's path, for logs and the denial metric. */
  path: string;
  /** The permission a principal's roles must grant. */
  permission: string;
  authenticator: Authenticator;
  roles: RolePermissions;
  events: SecurityEvents;
  metrics: SecurityMetrics;
  resourceMetadataUrl?: string;
  /** The MCP endpoint's failed-attempt limit: guessing credentials on this route draws from the same budget. */
  failedAttempts?: FailedAttemptLimiter;
}

/** The route, answered only for an authenticated principal holding the permission (else 401 or 403). */
export function guardRoute(route: HttpRoute, options: RouteGuardOptions): HttpRoute {
  const { path, permission, authenticator, roles, events, metrics, resourceMetadataUrl, failedAttempts } =
    options;
  return async (req, res) => {
    const info: RequestInfo = {
      transport: 'http',
      headers: req.headers as Record<string, string | undefined>,
      remoteAddress: req.socket.remoteAddress,
    };
    const address = info.remoteAddress;
    const verify = () => authenticator.authenticate(info);
    let attempt: Attempt;
    try {
      attempt =
        failedAttempts && address !== undefined
          ? await failedAttempts.attempt(address, verify)
          : { blocked: false as const, outcome: await verify() };
    } catch (error) {
      // The failed-attempt budget lives in a shared store that cannot be reached: refuse, as the MCP endpoint does.
      if (!(error instanceof StoreUnavailableError)) throw error;
      const retryAfter = String(Math.ceil(STORE_RETRY_AFTER_MS / 1000));
      res
        .writeHead(503, { 'Retry-After': retryAfter, 'Content-Type': 'text/plain' })
        .end('Service Unavailable\n');
      return;
    }
    if (attempt.blocked) {
      events.routeDenied(path, 'too-many-failed-attempts', undefined, address);
      metrics.rateLimited(['auth_failures']);
      const retryAfter = String(Math.max(1, Math.ceil(attempt.retryAfterMs / 1000)));
      res
        .writeHead(429, { 'Retry-After': retryAfter, 'Content-Type': 'text/plain' })
        .end('Too Many Requests\n');
      return;
    }
    const outcome = attempt.outcome;
    if (!outcome.ok) {
      events.routeDenied(path, outcome.reason, undefined, info.remoteAddress);
      metrics.authFailed(outcome.reason);
      const challenge = bearerChallenge({
        ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
        ...(outcome.bearerError ? { error: outcome.bearerError } : {}),
      });
      res
        .writeHead(401, { 'WWW-Authenticate': challenge, 'Content-Type': 'text/plain' })
        .end('Unauthorized\n');
      return;
    }
    if (!roles.allows(outcome.principal, permission)) {
      events.routeDenied(path, 'missing-permission', outcome.principal.id, info.remoteAddress, permission);
      metrics.accessDenied(path);
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden\n');
      return;
    }
    await route(req, res);
  };
}
