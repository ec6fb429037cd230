import { z } from 'zod';
import { ToolNotFoundError } from '../errors/mcp-error.js';
import { InputRequiredSignal, inputRequiredResult } from '../protocol/client-input.js';
import { checkParamHeaders } from '../protocol/param-headers.js';
import { paginate } from '../protocol/cursor.js';
import type { MethodEnv, MethodSpec } from './method-spec.js';
import { ToolHelpers } from './tool-helpers.js';

const listParams = z.looseObject({ cursor: z.string().optional() });
const callParams = z.looseObject({
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()).optional(),
});

/** tools/list (filtered by what the caller may use, paginated) and tools/call. */
export function toolMethods(env: MethodEnv): Record<string, MethodSpec> {
  return {
    'tools/list': {
      era: 'both',
      capability: 'tools',
      params: listParams,
      run: async (ctx) => {
        const visible = env.tools.listTools().filter((tool) => env.access.canUseTool(tool, ctx));
        const { page, nextCursor } = paginate(visible, ctx.params.cursor, env.pageSize);
        const result: Record<string, unknown> = { tools: page.map((t) => t.listing) };
        if (nextCursor) result.nextCursor = nextCursor;
        return result;
      },
    },
    'tools/call': {
      era: 'both',
      capability: 'tools',
      params: callParams,
      run: async (ctx) => {
        const { name, arguments: args } = ctx.params as z.infer<typeof callParams>;
        const tool = env.tools.getTool(name);
        // A tool the caller may not use is reported exactly like one that does not exist.
        if (!tool || !env.access.canUseTool(tool, ctx)) throw new ToolNotFoundError(name);
        if (ctx.stateless && ctx.info.transport === 'http' && tool.paramHeaders.length > 0) {
          checkParamHeaders(tool.paramHeaders, args ?? {}, ctx.info.headers);
        }
        const binding = `tools/call:${name}`;
        try {
          return await env.tools.executeTool(name, args ?? {}, new ToolHelpers(ctx, env, binding));
        } catch (error) {
          if (error instanceof InputRequiredSignal)
            return inputRequiredResult(error, env.requestState, binding);
          throw error;
        }
      },
    },
  };
}
