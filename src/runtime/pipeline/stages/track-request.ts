import { InvalidRequestError, RequestCancelledError } from '../../errors/mcp-error.js';
import type { JsonRpcId } from '../../jsonrpc/message.js';
import type { HandlerResult, RequestContext } from '../stage.js';
import type { McpRequestContext, McpStage } from '../mcp-request-context.js';

/** Requests in progress, so that cancellation and shutdown can reach them (request-id tracking). */
export class InFlightRequests {
  private readonly requests = new Set<McpRequestContext>();
  /**
   * Running requests by session, then by JSON-RPC id (a Map tells 1 from "1"): an id may not be reused in a session
   * while its request runs. Nested maps rather than composite string keys, which cost a concatenation per request.
   */
  private readonly bySession = new Map<string, Map<JsonRpcId, McpRequestContext>>();

  get size(): number {
    return this.requests.size;
  }

  /** Registers a running request; a session reusing the id of one still running is refused (-32600). */
  add(ctx: McpRequestContext): void {
    if (ctx.id === undefined) return;
    const sessionId = ctx.info.sessionId;
    if (sessionId !== undefined) {
      let running = this.bySession.get(sessionId);
      if (!running) {
        running = new Map();
        this.bySession.set(sessionId, running);
      } else if (running.has(ctx.id))
        throw new InvalidRequestError('Request id is already in use in this session');
      running.set(ctx.id, ctx);
    }
    this.requests.add(ctx);
  }

  remove(ctx: McpRequestContext): void {
    if (!this.requests.delete(ctx)) return;
    const sessionId = ctx.info.sessionId;
    if (sessionId === undefined || ctx.id === undefined) return;
    const running = this.bySession.get(sessionId);
    running?.delete(ctx.id);
    // Empty maps go, so that ids in headers of sessions that never existed cannot accumulate.
    if (running?.size === 0) this.bySession.delete(sessionId);
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
  // then() rather than async/finally (docs/runtime.md, "The pipeline").
  return (ctx, next) => {
    inFlight.add(ctx);
    let pending: Promise<HandlerResult>;
    try {
      pending = next();
    } catch (error) {
      inFlight.remove(ctx);
      throw error;
    }
    return pending.then(
      (result) => {
        inFlight.remove(ctx);
        return result;
      },
      (error: unknown) => {
        inFlight.remove(ctx);
        throw error;
      },
    );
  };
}
