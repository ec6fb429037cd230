import { z } from 'zod';
import { clientInputFor, InputRequiredSignal, inputRequiredResult } from '../protocol/client-input.js';
import { paginate } from '../protocol/cursor.js';
import type { MethodEnv, MethodSpec } from './method-spec.js';
import { reachableBy, visibleTo } from './visibility.js';

const listParams = z.looseObject({ cursor: z.string().optional() });
const getParams = z.looseObject({
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()).optional(),
});

/** prompts/list and prompts/get. */
export function promptMethods(env: MethodEnv): Record<string, MethodSpec> {
  return {
    'prompts/list': {
      era: 'both',
      capability: 'prompts',
      params: listParams,
      run: async (ctx) => {
        const { page, nextCursor } = paginate(
          env.prompts.listPrompts(visibleTo(env, ctx)),
          ctx.params.cursor,
          env.pageSize,
        );
        return nextCursor ? { prompts: page, nextCursor } : { prompts: page };
      },
    },
    'prompts/get': {
      era: 'both',
      capability: 'prompts',
      params: getParams,
      run: async (ctx) => {
        const { name, arguments: args } = ctx.params as z.infer<typeof getParams>;
        const binding = `prompts/get:${name}`;
        try {
          return await env.prompts.getPrompt(
            name,
            args,
            clientInputFor(ctx, env.clientRequests, env.requestState, binding),
            reachableBy(env, ctx),
          );
        } catch (error) {
          if (error instanceof InputRequiredSignal)
            return inputRequiredResult(error, env.requestState, binding);
          throw error;
        }
      },
    },
  };
}
