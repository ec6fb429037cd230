import { z } from 'zod';
import { MetaKey } from '../protocol/meta-keys.js';
import { logLevels } from '../protocol/logging.js';
import { supportedProtocolVersions, versionForInitialize } from '../protocol/versions.js';
import type { LogLevel } from '../protocol/logging.js';
import { refuseUnavailable, StoreUnavailableError } from '../store/store-unavailable.js';
import type { MethodEnv, MethodSpec } from './method-spec.js';

const initializeParams = z.looseObject({
  protocolVersion: z.string(),
  capabilities: z.looseObject({}),
  clientInfo: z.looseObject({ name: z.string(), version: z.string() }),
});

const setLevelParams = z.looseObject({ level: z.enum(logLevels as [LogLevel, ...LogLevel[]]) });

/** initialize, ping, logging/setLevel (session era) and server/discover (stateless era). */
export function lifecycleMethods(env: MethodEnv): Record<string, MethodSpec> {
  return {
    initialize: {
      era: 'session',
      params: initializeParams,
      run: async (ctx) => {
        const params = ctx.params as z.infer<typeof initializeParams>;
        const protocolVersion = versionForInitialize(params.protocolVersion);
        // The session is bound to whoever opened it; see the session-binding stage.
        const session = env.sessions.create({
          principalId: ctx.principal?.id,
          tenantId: ctx.tenantId,
          protocolVersion,
          clientCapabilities: params.capabilities,
          clientInfo: params.clientInfo,
        });
        // A shared store: the client may send its next request to another instance, which must find the session.
        if (env.sessions.saved) {
          try {
            await env.sessions.saved(session.id);
          } catch (error) {
            env.sessions.delete(session.id);
            throw error instanceof StoreUnavailableError ? refuseUnavailable(ctx) : error;
          }
        }
        ctx.session = session;
        ctx.sessionId = session.id;
        ctx.http = { ...ctx.http, headers: { ...ctx.http?.headers, 'mcp-session-id': session.id } };
        const result: Record<string, unknown> = {
          protocolVersion,
          capabilities: env.capabilities(),
          serverInfo: env.serverInfo,
        };
        if (env.instructions) result.instructions = env.instructions;
        return result;
      },
    },
    ping: { era: 'session', run: async () => ({}) },
    'logging/setLevel': {
      era: 'session',
      params: setLevelParams,
      capability: 'logging',
      run: async (ctx) => {
        if (ctx.session) ctx.session.logLevel = (ctx.params as z.infer<typeof setLevelParams>).level;
        return {};
      },
    },
    'server/discover': {
      era: 'stateless',
      run: async () => {
        const result: Record<string, unknown> = {
          supportedVersions: [...supportedProtocolVersions],
          capabilities: env.capabilities(),
          serverInfo: env.serverInfo,
          _meta: { [MetaKey.serverInfo]: env.serverInfo },
        };
        if (env.instructions) result.instructions = env.instructions;
        return result;
      },
    },
  };
}
