import type { HandlerResult } from './stage.js';
import type { McpRequestContext, McpStage, MethodHandler } from './mcp-request-context.js';

/**
 * Composes stages Koa-style: each stage runs `next()` to reach the rest; absent (undefined) stages are skipped.
 * Stages reject rather than throw (see Stage); a stray synchronous throw is turned into a rejection here, so the
 * composed handler always returns a promise.
 */
export function compose(stages: readonly (McpStage | undefined)[], terminal: MethodHandler): MethodHandler {
  const present = stages.filter((s): s is McpStage => s !== undefined);
  return (ctx: McpRequestContext): Promise<HandlerResult> => {
    const run = (i: number): Promise<HandlerResult> => {
      const stage = present[i];
      try {
        return stage ? stage(ctx, () => run(i + 1)) : terminal(ctx);
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return run(0);
  };
}
