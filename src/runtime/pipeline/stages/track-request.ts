import { InvalidRequestError, RequestCancelledError } from '../../errors/mcp-error.js';
import type { JsonRpcId } from '../../jsonrpc/message.js';
import type { RequestContext } from '../stage.js';
import type { McpRequestContext, McpStage } from '../mcp-context.js';

/** Requests in progress, so that cancellation and shutdown can reach them (request-id tracking). */
export class InFlightRequests {
  private readonly requests = new Set<McpRequestContext>();
  /** Requests of sessions by session and id: an id may not be reused in a session while its request runs. */
  private readonly bySessionId = new Map<string, McpRequestContext>();

  get size(): number {
    return this.requests.size;
  }

  /** Registers a running request; a session reusing the id of one still running is refused (-32600). */
  add(ctx: McpRequestContext): void {
    if (ctx.id === undefined) return;
    const sessionId = ctx.info.sessionId;
    if (sessionId !== undefined) {
      const key = `${sessionId}\u0000${typeof ctx.id}:${ctx.id}`;
      if (this.bySessionId.has(key))
        throw new InvalidRequestError('Request id is already in use in this session');
      this.bySessionId.set(key, ctx);
    }
    this.requests.add(ctx);
  }

  remove(ctx: McpRequestContext): void {
    if (!this.requests.delete(ctx)) return;
    const sessionId = ctx.info.sessionId;
    if (sessionId !== undefined && ctx.id !== undefined)
      this.bySessionId.delete(`${sessionId}\u0000${typeof ctx.id}:${ctx.id}`);
  }

  /**
   * Aborts the request `id` sent by the same caller as `by` (same session and principal), from
   * `notifications/cancelled`; nobody can cancel another caller's work. Returns whether one was running.
   */
  cancel(by: RequestContext, id: JsonRpcId, reason = 'cancelled by client'): boolean {
    for (const ctx of this.requests) {
      if (
        ctx.id === id &&
        ctx.info.sessionId === by.info.sessionId &&
        ctx.principal?.id === by.principal?.id
      ) {
        ctx.abort(new RequestCancelledError(reason));
        return true;
      }
    }
    return false;
  }

  /** Aborts every request (shutdown). */
  abortAll(reason: string): void {
    for (const ctx of this.requests) ctx.abort(reason);
  }
}

/** The context stage: registers the request for cancellation and request-id tracking while it runs. */
export function trackRequest(inFlight: InFlightRequests): McpStage {
  return async (ctx, next) => {
    inFlight.add(ctx);
    try {
      return await next();
    } finally {
      inFlight.remove(ctx);
    }
  };
}
