import { z } from 'zod';
import { InvalidParamsError, ResourceNotFoundError } from '../errors/mcp-error.js';
import { paginate } from '../protocol/cursor.js';
import type { MethodEnv, MethodSpec } from './method-spec.js';
import { reachableBy, visibleTo } from './visibility.js';

const listParams = z.looseObject({ cursor: z.string().optional() });
const uriParams = z.looseObject({ uri: z.string() });

/** resources/list, resources/templates/list, resources/read, resources/subscribe and resources/unsubscribe. */
export function resourceMethods(env: MethodEnv): Record<string, MethodSpec> {
  return {
    'resources/list': {
      era: 'both',
      capability: 'resources',
      params: listParams,
      run: async (ctx) => {
        const { page, nextCursor } = paginate(
          env.resources.listResources(visibleTo(env, ctx)),
          ctx.params.cursor,
          env.pageSize,
        );
        return nextCursor ? { resources: page, nextCursor } : { resources: page };
      },
    },
    'resources/templates/list': {
      era: 'both',
      capability: 'resources',
      params: listParams,
      run: async (ctx) => {
        const { page, nextCursor } = paginate(
          env.resources.listTemplates(visibleTo(env, ctx)),
          ctx.params.cursor,
          env.pageSize,
        );
        return nextCursor ? { resourceTemplates: page, nextCursor } : { resourceTemplates: page };
      },
    },
    'resources/read': {
      era: 'both',
      capability: 'resources',
      params: uriParams,
      run: async (ctx) => {
        const { uri } = ctx.params as z.infer<typeof uriParams>;
        try {
          // Another tenant's resource is unknown here, exactly like one that was never registered.
          return { contents: await env.resources.read(uri, reachableBy(env, ctx)) };
        } catch (error) {
          // The 2026-07-28 revision (SEP-2164) reports unknown resources as -32602 with the uri; earlier ones as -32002.
          if (ctx.stateless && error instanceof ResourceNotFoundError)
            throw new InvalidParamsError(`Resource not found: ${uri}`, { uri });
          throw error;
        }
      },
    },
    'resources/subscribe': {
      era: 'session',
      capability: 'resources',
      params: uriParams,
      run: async (ctx) => {
        const { uri } = ctx.params as z.infer<typeof uriParams>;
        // As for resources/read: an unknown URI is -32002, and another tenant's is unknown.
        if (!env.resources.has(uri, reachableBy(env, ctx))) throw new ResourceNotFoundError(uri);
        ctx.session?.subscriptions.add(uri);
        return {};
      },
    },
    'resources/unsubscribe': {
      era: 'session',
      capability: 'resources',
      params: uriParams,
      run: async (ctx) => {
        ctx.session?.subscriptions.delete((ctx.params as z.infer<typeof uriParams>).uri);
        return {};
      },
    },
  };
}
