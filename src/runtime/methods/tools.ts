import { z } from 'zod';
import { ToolNotFoundError } from '../errors/mcp-error.js';
import type { McpRequestContext } from '../pipeline/mcp-context.js';
import { clientInputFor, InputRequiredSignal, inputRequiredResult } from '../protocol/client-input.js';
import { passesLevel } from '../protocol/logging.js';
import { checkParamHeaders } from '../protocol/param-headers.js';
import { paginate } from '../registry/cursor.js';
import type { ToolCallExtra } from '../registry/tool.js';
import type { MethodEnv, MethodSpec } from './method-spec.js';

const listParams = z.looseObject({ cursor: z.string().optional() });
const callParams = z.looseObject({
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()).optional(),
});

/** The helpers a tool handler gets for this request. */
function toolExtra(ctx: McpRequestContext, env: MethodEnv, binding: string): ToolCallExtra {
  const progressToken = (ctx.params._meta as Record<string, unknown> | undefined)?.progressToken;
  const input = clientInputFor(ctx, env.clientRequests, env.requestState, binding);
  return {
    ctx,
    get signal() {
      return ctx.signal;
    },
    clientCapabilities: ctx.clientCapabilities,
    reportProgress: async (progress, total, message) => {
      if (progressToken === undefined || ctx.abortReason !== undefined) return;
      const params: Record<string, unknown> = { progressToken, progress };
      if (total !== undefined) params.total = total;
      if (message !== undefined) params.message = message;
      ctx.outlet.send({ jsonrpc: '2.0', method: 'notifications/progress', params });
    },
    log: async (level, data, logger) => {
      // Session era: everything until the client sets a level. Stateless era: only when the request asks for logs.
      const minimum = ctx.session?.logLevel ?? ctx.logLevel;
      if (ctx.stateless && ctx.logLevel === undefined) return;
      if (!passesLevel(level, minimum) || ctx.abortReason !== undefined) return;
      const params: Record<string, unknown> = { level, data };
      if (logger !== undefined) params.logger = logger;
      ctx.outlet.send({ jsonrpc: '2.0', method: 'notifications/message', params });
    },
    ask: input.ask,
    resumed: input.resumed,
    requestClient: async (method, params) =>
      (await input.ask({ [method]: { method, params } }))[method] ?? {},
  };
}

/** tools/list (filtered by what the caller may use, paginated) and tools/call. */
export function toolMethods(env: MethodEnv): Record<string, MethodSpec> {
  return {
    'tools/list': {
      era: 'both',
      capability: 'tools',
      params: listParams,
      run: async (ctx) => {
        const visible = env.security
          ? env.tools.listTools().filter((tool) => env.security?.canUseTool(tool, ctx))
          : env.tools.listTools();
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
        if (!tool || (env.security && !env.security.canUseTool(tool, ctx))) throw new ToolNotFoundError(name);
        if (ctx.stateless && ctx.info.transport === 'http' && tool.paramHeaders.length > 0) {
          checkParamHeaders(tool.paramHeaders, args ?? {}, ctx.info.headers);
        }
        const binding = `tools/call:${name}`;
        try {
          return await env.tools.executeTool(name, args ?? {}, toolExtra(ctx, env, binding));
        } catch (error) {
          if (error instanceof InputRequiredSignal)
            return inputRequiredResult(error, env.requestState, binding);
          throw error;
        }
      },
    },
  };
}
