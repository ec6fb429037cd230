import { SessionNotFoundError } from '../../errors/mcp-error.js';
import type { Session, SessionStore } from '../../session/session.js';
import { refuseUnavailable, StoreUnavailableError } from '../../store/store-unavailable.js';
import type { McpRequestContext, McpStage } from '../mcp-request-context.js';

/**
 * Binds the request to the session it names. A session presented by a principal or tenant other than the one that
 * opened it is treated exactly like an unknown session (404), so a stolen session id alone is worthless. A shared
 * store (Redis) is asked for a session this instance has not seen; while it is unreachable the request gets 503.
 */
export function bindSession(sessions: SessionStore): McpStage {
  // Not an async function: with a session already in memory (the usual case) the stage adds no promise.
  return (ctx, next) => {
    const id = ctx.info.sessionId;
    if (id === undefined) return next();
    const session = sessions.get(id);
    if (session || !sessions.load) {
      try {
        bind(ctx, session);
      } catch (error) {
        return Promise.reject(error);
      }
      return next();
    }
    return sessions.load(id).then(
      (loaded) => {
        bind(ctx, loaded);
        return next();
      },
      (error: unknown) => {
        throw error instanceof StoreUnavailableError ? refuseUnavailable(ctx) : error;
      },
    );
  };
}

function bind(ctx: McpRequestContext, session: Session | undefined): void {
  if (!session || session.principalId !== ctx.principal?.id || session.tenantId !== ctx.tenantId) {
    ctx.http = { ...ctx.http, status: 404 };
    throw new SessionNotFoundError();
  }
  ctx.session = session;
  ctx.sessionId = session.id;
  ctx.protocolVersion = session.protocolVersion;
  ctx.clientCapabilities = session.clientCapabilities;
}
