import type { McpRequestContext, McpStage } from './mcp-request-context.js';

/**
 * A stage whose work is a synchronous check (and perhaps setting fields of the context) before the rest runs.
 * A thrown error becomes a rejected promise, as the stage contract requires. Not async: the checks never wait for
 * anything (docs/runtime.md, "The pipeline").
 */
export function checkStage(check: (ctx: McpRequestContext) => void): McpStage {
  return (ctx, next) => {
    try {
      check(ctx);
    } catch (error) {
      return Promise.reject(error);
    }
    return next();
  };
}
