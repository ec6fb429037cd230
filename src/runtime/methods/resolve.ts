import { MethodNotFoundError } from '../errors/mcp-error.js';
import type { McpRequestContext } from '../pipeline/mcp-request-context.js';
import type { MethodSpec } from './method-spec.js';

/**
 * The method a request names, in the request's era and behind the capability it needs; anything else is -32601
 * (with 404 in the stateless era, where removed session-era methods are simply unknown).
 */
export function resolveMethod(
  methods: ReadonlyMap<string, MethodSpec>,
  ctx: McpRequestContext,
  capabilities: () => Record<string, unknown>,
): MethodSpec {
  const spec = methods.get(ctx.method);
  const inEra = spec !== undefined && (spec.era === 'both' || (spec.era === 'stateless') === ctx.stateless);
  if (!spec || !inEra || (spec.capability && !capabilities()[spec.capability])) {
    if (ctx.stateless) ctx.http = { ...ctx.http, status: 404 };
    throw new MethodNotFoundError(ctx.method);
  }
  return spec;
}
