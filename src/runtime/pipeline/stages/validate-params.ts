import { InvalidParamsError } from '../../errors/mcp-error.js';
import type { MethodSpec } from '../../methods/method-spec.js';
import { resolveMethod } from '../../methods/resolve.js';
import type { McpStage } from '../mcp-context.js';

/**
 * Resolves the method (unknown ones are -32601 before their params are judged) and checks `params` against the
 * method's declared shape before anything else looks at them (-32602 otherwise).
 */
export function validateParams(
  methods: ReadonlyMap<string, MethodSpec>,
  capabilities: () => Record<string, unknown>,
): McpStage {
  return async (ctx, next) => {
    const schema = resolveMethod(methods, ctx, capabilities).params;
    if (schema) {
      const parsed = schema.safeParse(ctx.params);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`);
        throw new InvalidParamsError(`Invalid params for ${ctx.method}`, { issues });
      }
    }
    return next();
  };
}
