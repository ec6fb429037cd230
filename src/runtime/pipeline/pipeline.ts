import type { MethodSpec } from '../methods/method-spec.js';
import type { SessionStore } from '../session/session.js';
import { compose } from './compose.js';
import type { MethodHandler } from './mcp-request-context.js';
import type { SecurityStages } from './stage.js';
import { dispatch, type CacheHints } from './stages/dispatch.js';
import { bindSession } from './stages/session-binding.js';
import { trackRequest, type InFlightRequests } from './stages/track-request.js';
import { resolveMethod } from './stages/resolve-method.js';
import { validateParams } from './stages/validate-params.js';
import { gateVersion } from './stages/version-gate.js';

/** What the pipeline is built from. */
export interface PipelineParts {
  methods: ReadonlyMap<string, MethodSpec>;
  sessions: SessionStore;
  inFlight: InFlightRequests;
  /** Optional: absent in a bare server. */
  security?: SecurityStages;
  sessionsRequired: boolean;
  capabilities: () => Record<string, unknown>;
  cacheHints: () => CacheHints;
}

/**
 * The request pipeline, in order. Result/error mapping wraps it in the server (toJsonRpcError), so that errors
 * thrown by any stage, security ones included, are mapped in one place after observe has seen them.
 */
export function buildPipeline(p: PipelineParts): MethodHandler {
  return compose(
    [
      trackRequest(p.inFlight), // context: request-id tracking and cancellation
      p.security?.observe,
      p.security?.authenticate,
      bindSession(p.sessions),
      p.security?.authorize,
      p.security?.rateLimit,
      gateVersion({ sessionsRequired: p.sessionsRequired }),
      resolveMethod(p.methods, p.capabilities), // once per request, kept on the context
      validateParams(),
    ],
    dispatch(p.cacheHints), // the resolved method's handler
  );
}

/**
 * The shorter pipeline for HTTP GET (open the session's stream) and DELETE (end the session): the caller is
 * authenticated and must own the session, exactly as for POST.
 */
export function buildSessionPipeline(p: PipelineParts, terminal: MethodHandler): MethodHandler {
  return compose(
    [trackRequest(p.inFlight), p.security?.observe, p.security?.authenticate, bindSession(p.sessions)],
    terminal,
  );
}
