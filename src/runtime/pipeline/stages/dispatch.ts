import { MethodNotFoundError } from '../../errors/mcp-error.js';
import type { MethodSpec } from '../../methods/method-spec.js';
import type { HandlerResult } from '../stage.js';
import type { MethodHandler } from '../mcp-context.js';

/** Results that carry caching hints in the stateless era (SEP-2549). */
const cacheableMethods = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'resources/read']);

/** Caching hints for stateless-era results. */
export interface CacheHints {
  ttlMs: number;
  cacheScope: 'public' | 'private';
}

/**
 * The end of the pipeline: finds the method (in the request's era, behind the capability it needs) and runs it.
 * Stateless-era results get `resultType` and, for cacheable methods, `ttlMs`/`cacheScope`.
 */
export function dispatch(
  methods: ReadonlyMap<string, MethodSpec>,
  capabilities: () => Record<string, unknown>,
  cacheHints: () => CacheHints,
): MethodHandler {
  return async (ctx) => {
    const spec = methods.get(ctx.method);
    const inEra = spec !== undefined && (spec.era === 'both' || (spec.era === 'stateless') === ctx.stateless);
    if (!spec || !inEra || (spec.capability && !capabilities()[spec.capability])) {
      // The stateless era answers unknown (and removed session-era) methods with 404 on HTTP.
      if (ctx.stateless) ctx.http = { ...ctx.http, status: 404 };
      throw new MethodNotFoundError(ctx.method);
    }
    const result: HandlerResult = await spec.run(ctx);
    if (!ctx.stateless) return result;
    const decorated: HandlerResult = { resultType: 'complete', ...result };
    if (cacheableMethods.has(ctx.method)) Object.assign(decorated, cacheHints());
    return decorated;
  };
}
