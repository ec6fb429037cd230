import type { MethodSpec } from '../../methods/method-spec.js';
import { resolveMethod } from '../../methods/resolve.js';
import type { HandlerResult } from '../stage.js';
import type { MethodHandler } from '../mcp-context.js';

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
 * The end of the pipeline: runs the resolved method.
 * Stateless-era results get `resultType` and, for cacheable methods, `ttlMs`/`cacheScope`.
 */
export function dispatch(
  methods: ReadonlyMap<string, MethodSpec>,
  capabilities: () => Record<string, unknown>,
  cacheHints: () => CacheHints,
): MethodHandler {
  return async (ctx) => {
    const spec = resolveMethod(methods, ctx, capabilities);
    const result: HandlerResult = await spec.run(ctx);
    if (!ctx.stateless) return result;
    const decorated: HandlerResult = { resultType: 'complete', ...result };
    if (cacheableMethods.has(ctx.method)) Object.assign(decorated, cacheHints());
    return decorated;
  };
}
