import type { McpRequestContext, McpStage } from './mcp-request-context.js';

/**
 * A stage whose work is a synchronous check (and perhaps setting fields of the context) before the rest runs.
 * A thrown error becomes a rejected promise, as the stage contract requires. Written this way rather than as an
 * `async` function because an async stage costs two promises per request, and the checks never wait for anything.
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
