import { InvalidParamsError } from '../../errors/mcp-error.js';
import type { MethodSpec } from '../../methods/method-spec.js';
import type { McpStage } from '../mcp-context.js';

/** Checks `params` against the method's declared shape before anything else looks at them (-32602 otherwise). */
export function validateParams(methods: ReadonlyMap<string, MethodSpec>): McpStage {
  return async (ctx, next) => {
    const schema = methods.get(ctx.method)?.params;
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
