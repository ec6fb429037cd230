import { MethodNotFoundError } from '../../errors/mcp-error.js';
import type { HandlerResult } from '../stage.js';
import type { McpRequestContext, MethodHandler } from '../mcp-request-context.js';

/** Results that carry caching hints in the stateless era (SEP-2549). */
const cacheableMethods = new Set([
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'resources/read',
]);

/** Caching hints for stateless-era results. */
export interface CacheHints {
  ttlMs: number;
  cacheScope: 'public' | 'private';
}

/**
 * The end of the pipeline: runs the method resolved earlier (ctx.resolved).
 * Stateless-era results get `resultType` and, for cacheable methods, `ttlMs`/`cacheScope`.
 */
export function dispatch(cacheHints: () => CacheHints): MethodHandler {
  const decorate = (ctx: McpRequestContext, result: HandlerResult): HandlerResult => {
    const decorated: HandlerResult = { resultType: 'complete', ...result };
    if (cacheableMethods.has(ctx.method)) Object.assign(decorated, cacheHints());
    return decorated;
  };
  // Not async: the session era passes the method's promise through untouched (no extra promise per request).
  return (ctx) => {
    // Resolved by the resolution stage; a pipeline composed without it finds no method.
    if (!ctx.resolved) return Promise.reject(new MethodNotFoundError(ctx.method));
    const pending = ctx.resolved.run(ctx);
    return ctx.stateless ? pending.then((result) => decorate(ctx, result)) : pending;
  };
}
