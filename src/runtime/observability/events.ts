/**
 * The events the runtime logs, one method per event so every line has the same fields. Callers pass identities
 * (principal id, key id, tenant), never credentials.
 */
import type { Logger } from 'pino';
import { calledToolName } from '../context/called-tool.js';
import { writtenAt } from './logger.js';
import type { RequestContext } from '../pipeline/stage.js';

/** How a request ended: a small fixed set, shared by logs, metrics and spans. */
export type RequestOutcome =
  | 'ok'
  | 'tool_error'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'invalid'
  | 'not_found'
  | 'cancelled'
  | 'error';

/** The fields every request-related line carries. */
function requestFields(ctx: RequestContext): Record<string, unknown> {
  const tool = calledToolName(ctx);
  return {
    method: ctx.method,
    ...(tool === undefined ? {} : { tool }),
    principal: ctx.principal?.id,
    tenant: ctx.tenantId,
    session_id: ctx.sessionId,
    request_id: ctx.requestId,
  };
}

/** Writes the runtime's structured events. */
export class SecurityEvents {
  constructor(readonly logger: Logger) {}

  /** A tool was added to a registry. */
  toolRegistered(tool: { name: string; tenant?: string; permission?: string }): void {
    this.logger.info({
      event: 'tool_registered',
      tool: tool.name,
      tenant: tool.tenant,
      permission: tool.permission,
    });
  }

  /** A tool was removed or disabled. */
  toolRemoved(name: string): void {
    this.logger.info({ event: 'tool_removed', tool: name });
  }

  /**
   * A request finished: `tool_invoked` for every tools/call (INFO; ERROR for internal errors). Other methods log
   * `request_handled`: at INFO when they did not succeed, at DEBUG when they did, so that routine listings and pings
   * do not drown the tool invocations (and cost nothing unless debug logging is on).
   */
  requestHandled(
    ctx: RequestContext,
    outcome: RequestOutcome,
    durationMs: number,
    error?: unknown,
    /** When it finished (epoch ms), if the line is written later; the line's timestamp. */
    finishedAt?: number,
  ): void {
    const invocation = ctx.method === 'tools/call';
    const level = outcome === 'error' ? 'error' : invocation || outcome !== 'ok' ? 'info' : 'debug';
    if (!this.logger.isLevelEnabled(level)) return;
    // One object literal rather than spreads: this runs for every tool call. pino leaves undefined fields out.
    const line = {
      event: invocation ? 'tool_invoked' : 'request_handled',
      method: ctx.method,
      tool: calledToolName(ctx),
      principal: ctx.principal?.id,
      tenant: ctx.tenantId,
      session_id: ctx.sessionId,
      request_id: ctx.requestId,
      outcome,
      duration_ms: Math.round(durationMs * 1000) / 1000,
      error: error === undefined ? undefined : describeError(error),
    };
    if (finishedAt === undefined) this.logger[level](line);
    else writtenAt(finishedAt, () => this.logger[level](line));
  }

  /** Authentication succeeded (debug: the request line already names the principal). */
  authSucceeded(ctx: RequestContext, via: string, keyId?: string): void {
    if (!this.logger.isLevelEnabled('debug')) return;
    this.logger.debug({ event: 'auth_succeeded', ...requestFields(ctx), via, key_id: keyId });
  }

  /** Authentication failed; `reason` is one of a fixed set and never contains the credential. */
  authFailed(ctx: RequestContext, reason: string): void {
    this.logger.warn({
      event: 'auth_failed',
      ...requestFields(ctx),
      reason,
      transport: ctx.info.transport,
      remote_address: ctx.info.remoteAddress,
    });
  }

  /** Authorization refused a request. */
  accessDenied(ctx: RequestContext, permission: string | undefined, reason: string): void {
    this.logger.warn({ event: 'access_denied', ...requestFields(ctx), permission, reason });
  }

  /** An extra HTTP route (such as /metrics) refused a caller: unauthenticated, or without the route's permission. */
  routeDenied(
    path: string,
    reason: string,
    principal?: string,
    remoteAddress?: string,
    permission?: string,
  ): void {
    this.logger.warn({
      event: 'access_denied',
      route: path,
      principal,
      permission,
      reason,
      remote_address: remoteAddress,
    });
  }

  /** The rate limit refused a request. */
  rateLimited(ctx: RequestContext, scopes: readonly string[], retryAfterMs: number): void {
    this.logger.warn({ event: 'rate_limited', ...requestFields(ctx), scopes, retry_after_ms: retryAfterMs });
  }
}

/** What a log line says about an error: class, code and a bounded message, never a stack. */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, ...(code === undefined ? {} : { code }), message: error.message.slice(0, 200) };
}
