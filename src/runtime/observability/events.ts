/**
 * The events the runtime logs, one method per event so every line has the same fields. Callers pass identities
 * (principal id, key id, tenant), never credentials.
 */
import type { Logger } from 'pino';
import { calledToolName } from '../context/called-tool.js';
import { boundedField } from './bounded-field.js';
import { InvocationLoggers } from './invocation-loggers.js';
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

/** The fields every request-related line carries, each bounded (bounded-field.ts). */
function requestFields(ctx: RequestContext): Record<string, unknown> {
  const tool = calledToolName(ctx);
  return {
    method: boundedField(ctx.method),
    ...(tool === undefined ? {} : { tool: boundedField(tool) }),
    principal: boundedField(ctx.principal?.id),
    tenant: boundedField(ctx.tenantId),
    session_id: boundedField(ctx.sessionId ?? ctx.info.sessionId),
    request_id: ctx.requestId,
  };
}

/**
 * Writes the runtime's structured events. A request gets one line: the line of the stage that refused it
 * (`auth_failed`, `access_denied`, `rate_limited`), or else the request line written when it finishes, so a client
 * sending refused requests costs one bounded line each.
 */
export class SecurityEvents {
  /** Requests that already have their line (a refusal's); their request line is left out. */
  private readonly logged = new WeakSet<RequestContext>();

  private readonly invocations: InvocationLoggers;

  constructor(readonly logger: Logger) {
    this.invocations = new InvocationLoggers(logger);
  }

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
    // An internal error is worth its own line even after a refusal was logged.
    if ((outcome !== 'error' && this.logged.has(ctx)) || !this.logger.isLevelEnabled(level)) return;
    const tool = calledToolName(ctx);
    const finished = {
      session_id: boundedField(ctx.sessionId ?? ctx.info.sessionId),
      request_id: ctx.requestId,
      outcome,
      duration_ms: Math.round(durationMs * 1000) / 1000,
      error: error === undefined ? undefined : describeError(error),
    };
    // A tool that ran: the line's first fields are its child logger's, serialised once (invocation-loggers.ts).
    // Any other line names the same fields, in the same order. pino leaves undefined fields out.
    const ran = invocation && tool !== undefined && (outcome === 'ok' || outcome === 'tool_error');
    const logger = ran
      ? this.invocations.of(boundedField(tool), boundedField(ctx.principal?.id), boundedField(ctx.tenantId))
      : this.logger;
    const line = ran
      ? finished
      : {
          event: invocation ? 'tool_invoked' : 'request_handled',
          method: boundedField(ctx.method),
          tool: boundedField(tool),
          principal: boundedField(ctx.principal?.id),
          tenant: boundedField(ctx.tenantId),
          ...finished,
        };
    if (finishedAt === undefined) logger[level](line);
    else writtenAt(finishedAt, () => logger[level](line));
  }

  /** Authentication succeeded (debug: the request line already names the principal). */
  authSucceeded(ctx: RequestContext, via: string, keyId?: string): void {
    if (!this.logger.isLevelEnabled('debug')) return;
    this.logger.debug({ event: 'auth_succeeded', ...requestFields(ctx), via, key_id: keyId });
  }

  /** Authentication failed; `reason` is one of a fixed set and never contains the credential. */
  authFailed(ctx: RequestContext, reason: string): void {
    if (!this.claimLine(ctx)) return;
    this.logger.warn({
      event: 'auth_failed',
      ...requestFields(ctx),
      reason,
      transport: ctx.info.transport,
      remote_address: boundedField(ctx.info.remoteAddress),
    });
  }

  /** Authorization refused a request (the first refusal of a request only: one request may name many items). */
  accessDenied(ctx: RequestContext, permission: string | undefined, reason: string): void {
    if (!this.claimLine(ctx)) return;
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
      principal: boundedField(principal),
      permission,
      reason,
      remote_address: boundedField(remoteAddress),
    });
  }

  /** The rate limit refused a request. */
  rateLimited(ctx: RequestContext, scopes: readonly string[], retryAfterMs: number): void {
    if (!this.claimLine(ctx)) return;
    this.logger.warn({ event: 'rate_limited', ...requestFields(ctx), scopes, retry_after_ms: retryAfterMs });
  }

  /** True the first time a request's line is claimed (by a refusal); false when it already has one. */
  private claimLine(ctx: RequestContext): boolean {
    if (this.logged.has(ctx)) return false;
    this.logged.add(ctx);
    return true;
  }
}

/** What a log line says about an error: class, code and a bounded message, never a stack. */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, ...(code === undefined ? {} : { code }), message: error.message.slice(0, 200) };
}
