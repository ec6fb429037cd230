import { z } from 'zod';
import type { MethodEnv, MethodSpec } from './method-spec.js';
import { reachableBy } from './visibility.js';

const completeParams = z.looseObject({
  ref: z.union([
    z.looseObject({ type: z.literal('ref/prompt'), name: z.string() }),
    z.looseObject({ type: z.literal('ref/resource'), uri: z.string() }),
  ]),
  argument: z.looseObject({ name: z.string(), value: z.string() }),
});

/** The spec caps a completion answer at 100 values. */
const maxValues = 100;

/** completion/complete for prompt arguments and resource-template variables. */
export function completionMethods(env: MethodEnv): Record<string, MethodSpec> {
  return {
    'completion/complete': {
      era: 'both',
      capability: 'completions',
      params: completeParams,
      run: async (ctx) => {
        const { ref, argument } = ctx.params as z.infer<typeof completeParams>;
        // Another tenant's prompt or template completes to nothing, exactly like an unknown one.
        const reachable = reachableBy(env, ctx);
        const all =
          ref.type === 'ref/prompt'
            ? env.prompts.complete(ref.name, argument.name, argument.value, reachable)
            : env.resources.complete(ref.uri, argument.name, argument.value, reachable);
        return {
          completion: { values: all.slice(0, maxValues), total: all.length, hasMore: all.length > maxValues },
        };
      },
    },
  };
}
