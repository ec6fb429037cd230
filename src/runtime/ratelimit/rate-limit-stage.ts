/**
 * The rate-limit stage: one request draws from the principal's, the tenant's and the tool's (or method's) bucket.
 * A refusal is HTTP 429 with Retry-After on HTTP, and on every transport a JSON-RPC error whose `data.retryAfterMs`
 * says when to come back.
 */
import { RateLimitExceeded } from '../errors/mcp-error.js';
import { calledToolName } from '../context/called-tool.js';
import type { SecurityEvents } from '../observability/events.js';
import { methodLabel } from '../observability/known-methods.js';
import type { SecurityMetrics } from '../observability/metrics.js';
import type { RequestContext, Stage } from '../pipeline/stage.js';
import { refuseUnavailable, StoreUnavailableError } from '../store/store-unavailable.js';
import type { ScopedDecision, ScopedRateLimiter } from './scoped-limiter.js';

/** A bucket that can never hold the request (cost above capacity) still gets a finite hint. */
const LONGEST_HINT_MS = 60_000;

export interface RateLimitStageOptions {
  limiter: ScopedRateLimiter;
  events: SecurityEvents;
  metrics: SecurityMetrics;
  /**
   * Whether the caller can see a tool (registered, global or of its tenant): only those get a bucket of their own,
   * and another tenant's tool shares the bucket of made-up names, as it must look like one.
   */
  isKnownTool: (name: string, ctx: RequestContext) => boolean;
}

/** Builds the rate-limit stage. */
export function rateLimitStage(options: RateLimitStageOptions): Stage {
  const { limiter, events, metrics, isKnownTool } = options;
  const refuse = (ctx: RequestContext, decision: ScopedDecision): Promise<never> => {
    const retryAfterMs = Math.min(decision.retryAfterMs, LONGEST_HINT_MS);
    events.rateLimited(ctx, decision.exhausted, retryAfterMs);
    metrics.rateLimited(decision.exhausted);
    const retryAfterSeconds = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    ctx.http = {
      ...ctx.http,
      status: 429,
      headers: { ...ctx.http?.headers, 'Retry-After': retryAfterSeconds },
    };
    return Promise.reject(new RateLimitExceeded(retryAfterMs));
  };
  // Not an async function: with the in-memory store the decision is synchronous and the stage adds no promise.
  return (ctx, next) => {
    const toolName = calledToolName(ctx);
    // Made-up tool and method names share one bucket instead of each getting a fresh one.
    const endpoint =
      toolName === undefined
        ? methodLabel(ctx.method)
        : isKnownTool(toolName, ctx)
          ? `tools/call:${toolName}`
          : 'tools/call:?';
    const decision = limiter.check({ principal: ctx.principal?.id, tenant: ctx.tenantId, tool: endpoint });
    if (decision instanceof Promise) {
      return decision.then(
        (settled) => (settled.allowed ? next() : refuse(ctx, settled)),
        // A shared store (Redis) that cannot answer: 503, not a 429 the client would count against its limit.
        (error: unknown) => {
          throw error instanceof StoreUnavailableError ? refuseUnavailable(ctx) : error;
        },
      );
    }
    return decision.allowed ? next() : refuse(ctx, decision);
  };
}
