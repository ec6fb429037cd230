import { z } from 'zod';
import { McpError } from '../errors/mcp-error.js';
import { tagged, type SubscriptionFilter } from '../protocol/subscriptions.js';
import type { MethodEnv, MethodSpec } from './method-spec.js';
import { visibleTo } from './visibility.js';

const listenParams = z.looseObject({
  notifications: z.looseObject({
    toolsListChanged: z.boolean().optional(),
    promptsListChanged: z.boolean().optional(),
    resourcesListChanged: z.boolean().optional(),
    resourceSubscriptions: z.array(z.string()).optional(),
  }),
});

/** subscriptions/listen (2026-07-28): a long-lived response stream of the notifications the client asked for. */
export function subscriptionMethods(env: MethodEnv): Record<string, MethodSpec> {
  return {
    'subscriptions/listen': {
      era: 'stateless',
      params: listenParams,
      run: async (ctx) => {
        // Refused before the acknowledgement, as the spec allows for capacity.
        const owner = { principalId: ctx.principal?.id, tenantId: ctx.tenantId };
        if (!env.subscriptions.admit(owner))
          throw new McpError(-32000, 'Too many open subscriptions; try again later');
        const asked = (ctx.params as z.infer<typeof listenParams>).notifications;
        const caps = env.capabilities();
        // Honour only what the server can deliver.
        const honored: SubscriptionFilter = {};
        if (asked.toolsListChanged && caps.tools?.listChanged) honored.toolsListChanged = true;
        if (asked.promptsListChanged && caps.prompts?.listChanged) honored.promptsListChanged = true;
        if (asked.resourcesListChanged && caps.resources?.listChanged) honored.resourcesListChanged = true;
        if (asked.resourceSubscriptions && caps.resources?.subscribe) {
          // Only resources the caller may see: another tenant's are left out exactly like URIs that name nothing.
          const visible = visibleTo(env, ctx);
          honored.resourceSubscriptions = asked.resourceSubscriptions.filter((uri) =>
            env.resources.has(uri, visible),
          );
        }
        const id = ctx.id ?? '';
        ctx.outlet.send(tagged('notifications/subscriptions/acknowledged', id, { notifications: honored }));
        const remove = env.subscriptions.add(
          id,
          honored,
          ctx.outlet,
          () => ctx.abort('subscription ended'),
          owner,
        );
        // The stream stays open until the client leaves or cancels, or the server ends it (shutdown); then the
        // (graceful) result closes it.
        await new Promise<void>((resolve) => {
          if (ctx.signal.aborted) resolve();
          else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        remove();
        return { _meta: { 'io.modelcontextprotocol/subscriptionId': id } };
      },
    },
  };
}
