import type { z } from 'zod';
import type { Outlet } from '../protocol/outlet.js';
import type { LogLevel } from '../protocol/logging.js';
import type { Session } from '../session/session.js';
import type { HandlerResult, Next, RequestContext } from './stage.js';

/** The runtime's view of a request: the shared RequestContext plus what the protocol stages need. */
export interface McpRequestContext extends RequestContext {
  /** The method exactly as the client wrote it (before aliases), for the Mcp-Method header check. */
  readonly rawMethod: string;
  /** Where messages related to this request go (progress, logs, server-to-client requests). */
  readonly outlet: Outlet;
  /** The bound session (session era), set by the session-binding stage. */
  session?: Session;
  /** True for 2026-07-28 requests carrying their protocol version in `_meta`. */
  stateless: boolean;
  /** Capabilities the client declared (from the session, or per request in the stateless era). */
  clientCapabilities: Record<string, unknown>;
  /** Minimum level for log notifications; undefined sends none in the stateless era, all in the session era. */
  logLevel?: LogLevel;
  /** The method the request names, once the resolution stage has found it (undefined before: resolved once). */
  resolved?: ResolvedMethod;
  /** Why the request was aborted (without creating its signal), or undefined. */
  readonly abortReason: unknown;
  /** Aborts the request (cancellation, disconnect, shutdown). */
  abort(reason?: unknown): void;
}

/** A protocol stage: like Stage, but sees the runtime's context. Security stages (Stage) fit here unchanged. */
export type McpStage = (ctx: McpRequestContext, next: Next) => Promise<HandlerResult>;

/** A method implementation at the end of the pipeline. */
export type MethodHandler = (ctx: McpRequestContext) => Promise<HandlerResult>;

/** What the pipeline needs of the method a request resolved to: the shape of its params, and its handler. */
export interface ResolvedMethod {
  run: MethodHandler;
  /** Shape of `params`, checked by the param-validation stage before the handler runs. */
  params?: z.ZodType;
}
