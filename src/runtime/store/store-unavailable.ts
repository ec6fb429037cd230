/**
 * What a request gets when the shared state store (Redis) cannot be reached: HTTP 503 with Retry-After, and the
 * JSON-RPC error below, so clients retry later instead of treating the server as broken or the session as gone.
 */
import { McpError } from '../errors/mcp-error.js';
import type { RequestContext } from '../pipeline/stage.js';

/** How long clients are told to wait: the client reconnects within about a second once Redis is back. */
export const STORE_RETRY_AFTER_MS = 1_000;

/**
 * What an instance does while Redis is unreachable. `refuse` (the default) answers 503 to every request that needs
 * the shared state; `memory` serves as a single instance would (its own buckets and sessions) until Redis returns.
 */
export type UnavailablePolicy = 'refuse' | 'memory';

/** The shared state store could not answer (connection refused, lost, or too slow). */
export class StoreUnavailableError extends McpError {
  constructor() {
    // -32000: the implementation-defined server error, as for "Server is shutting down" (also a 503).
    super(-32000, 'Service unavailable: shared state store unreachable', {
      retryAfterMs: STORE_RETRY_AFTER_MS,
    });
  }
}

/** Sets the HTTP answer of a request refused because the store is unreachable; returns the error to throw. */
export function refuseUnavailable(ctx: RequestContext): StoreUnavailableError {
  ctx.http = {
    ...ctx.http,
    status: 503,
    headers: { ...ctx.http?.headers, 'Retry-After': String(Math.ceil(STORE_RETRY_AFTER_MS / 1000)) },
  };
  return new StoreUnavailableError();
}
