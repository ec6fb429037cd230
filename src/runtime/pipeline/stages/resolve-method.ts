import { MethodNotFoundError } from '../../errors/mcp-error.js';
import type { MethodSpec } from '../../methods/method-spec.js';
import { checkStage } from '../check-stage.js';
import type { McpStage } from '../mcp-request-context.js';

/**
 * Finds the method a request names, in the request's era and behind the capability it needs, and keeps it on the
 * context (`ctx.resolved`) for param validation and dispatch; anything else is -32601 (with 404 in the stateless era,
 * where removed session-era methods are simply unknown). Runs after the version gate, which decides the era.
 */
export function resolveMethod(
  methods: ReadonlyMap<string, MethodSpec>,
  capabilities: () => Record<string, unknown>,
): McpStage {
  return checkStage((ctx) => {
    const spec = methods.get(ctx.method);
    const inEra = spec !== undefined && (spec.era === 'both' || (spec.era === 'stateless') === ctx.stateless);
    if (!spec || !inEra || (spec.capability && !capabilities()[spec.capability])) {
      if (ctx.stateless) ctx.http = { ...ctx.http, status: 404 };
      throw new MethodNotFoundError(ctx.method);
    }
    ctx.resolved = spec;
  });
}
