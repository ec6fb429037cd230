import { z } from 'zod';
import { InvalidParamsError, UnsupportedProtocolVersionError } from '../errors/mcp-error.js';
import { negotiateVersion, supportedProtocolVersions } from '../protocol/versions.js';
import type { MethodEnv, MethodSpec } from './method-spec.js';

const cancelledParams = z.looseObject({
  requestId: z.union([z.string(), z.number()]),
  reason: z.string().optional(),
});
const negotiateParams = z.looseObject({
  versions: z.array(z.string()).optional(),
  clientVersions: z.array(z.string()).optional(),
});

const ignored: MethodSpec = { era: 'both', run: async () => ({}) };

/** Client notifications, and `negotiateVersion` (a request of the runtime's original API, not an MCP method). */
export function notificationMethods(env: MethodEnv): Record<string, MethodSpec> {
  return {
    'notifications/initialized': {
      era: 'session',
      run: async (ctx) => {
        if (ctx.session) ctx.session.initialized = true;
        return {};
      },
    },
    'notifications/cancelled': {
      era: 'both',
      params: cancelledParams,
      run: async (ctx) => {
        const { requestId, reason } = ctx.params as z.infer<typeof cancelledParams>;
        env.inFlight.cancel(ctx, requestId, reason ?? 'cancelled by client');
        return {};
      },
    },
    'notifications/roots/list_changed': ignored,
    'notifications/progress': ignored,
    negotiateVersion: {
      era: 'both',
      params: negotiateParams,
      run: async (ctx) => {
        const { versions, clientVersions } = ctx.params as z.infer<typeof negotiateParams>;
        const offered = clientVersions ?? versions;
        if (!offered) throw new InvalidParamsError('negotiateVersion needs clientVersions');
        const version = negotiateVersion(offered, supportedProtocolVersions);
        if (!version) throw new UnsupportedProtocolVersionError(offered, supportedProtocolVersions);
        return { version };
      },
    },
  };
}
