import { RequestCancelledError } from '../../errors/mcp-error.js';
import type { JsonRpcId } from '../../jsonrpc/message.js';
import type { McpRequestContext, McpStage } from '../mcp-context.js';

function keyOf(sessionId: string | undefined, id: JsonRpcId): string {
  return `${sessionId ?? ''}\u0000${typeof id}:${id}`;
}

/** Requests in progress, by session and JSON-RPC id, so that cancellation and shutdown can reach them. */
export class InFlightRequests {
  private readonly requests = new Map<string, McpRequestContext>();

  get size(): number {
    return this.requests.size;
  }

  add(ctx: McpRequestContext): void {
    if (ctx.id !== undefined) this.requests.set(keyOf(ctx.info.sessionId, ctx.id), ctx);
  }

  remove(ctx: McpRequestContext): void {
    if (ctx.id === undefined) return;
    const key = keyOf(ctx.info.sessionId, ctx.id);
    if (this.requests.get(key) === ctx) this.requests.delete(key);
  }

  /** Aborts one request of a session (from `notifications/cancelled`); returns whether it was running. */
  cancel(sessionId: string | undefined, id: JsonRpcId, reason = 'cancelled by client'): boolean {
    const ctx = this.requests.get(keyOf(sessionId, id));
    ctx?.abort(new RequestCancelledError(reason));
    return ctx !== undefined;
  }

  /** Aborts every request (shutdown). */
  abortAll(reason: string): void {
    for (const ctx of this.requests.values()) ctx.abort(reason);
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
