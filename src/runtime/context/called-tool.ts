import type { RequestContext } from '../pipeline/stage.js';

/** The tool a `tools/call` names: from the context, or from its params when the transport has not set it yet. */
export function calledToolName(ctx: RequestContext): string | undefined {
  if (ctx.method !== 'tools/call') return undefined;
  if (ctx.toolName !== undefined) return ctx.toolName;
  const name = ctx.params['name'];
  return typeof name === 'string' ? name : undefined;
}
