import { SessionNotFoundError } from '../../errors/mcp-error.js';
import type { SessionStore } from '../../session/session.js';
import { checkStage } from '../check-stage.js';
import type { McpStage } from '../mcp-context.js';

/**
 * Binds the request to the session it names. A session presented by a principal or tenant other than the one that
 * opened it is treated exactly like an unknown session (404), so a stolen session id alone is worthless.
 */
export function bindSession(sessions: SessionStore): McpStage {
  return checkStage((ctx) => {
    const id = ctx.info.sessionId;
    if (id !== undefined) {
      const session = sessions.get(id);
      if (!session || session.principalId !== ctx.principal?.id || session.tenantId !== ctx.tenantId) {
        ctx.http = { ...ctx.http, status: 404 };
        throw new SessionNotFoundError();
      }
      ctx.session = session;
      ctx.sessionId = session.id;
      ctx.protocolVersion = session.protocolVersion;
      ctx.clientCapabilities = session.clientCapabilities;
    }
  });
}
