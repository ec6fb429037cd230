import type { JsonRpcResponse } from '../jsonrpc/message.js';
import type { MessageLimits } from '../jsonrpc/parse.js';
import type { McpRequestContext } from '../pipeline/mcp-request-context.js';
import type { RequestInfo } from '../pipeline/stage.js';
import type { Outlet } from '../protocol/outlet.js';
import type { Session, SessionStore } from '../session/session.js';

/** Subscribes to the client going away (a closed HTTP connection); returns the unsubscribe function. */
export type DisconnectWatch = (onDisconnect: () => void) => () => void;

/** What a transport sends back for one incoming payload. */
export interface Reply {
  /** A response, a batch of responses, or nothing (notifications and responses only). */
  body?: JsonRpcResponse | JsonRpcResponse[];
  /** HTTP status a stage or the error mapping chose. */
  status: number;
  headers: Record<string, string>;
}

/**
 * What a transport needs from the server it carries messages for, and nothing more (McpJsonRpcServer is one). A
 * transport depends on this, never on the server class, as the MCP SDK's transports know only their `onmessage`: the
 * server does not know which transports exist, and a new transport is one file.
 */
export interface TransportHost {
  /** Per-message limits: a transport refuses input beyond `maxBytes` before reading all of it. */
  readonly limits: Pick<MessageLimits, 'maxBytes'>;
  /** Parses and serves the text of one message or batch; `outlet` carries what is sent before the reply. */
  receiveText(
    text: string,
    info: RequestInfo,
    outlet: Outlet,
    disconnected?: DisconnectWatch,
  ): Promise<Reply>;
  /**
   * Authenticates the caller, binds the session it names (which it must own), then runs `action` with it: the
   * session-level HTTP operations (GET opens the session's stream, DELETE ends the session).
   */
  withOwnedSession(
    info: RequestInfo,
    method: string,
    action: (session: Session, ctx: McpRequestContext) => void | Promise<void>,
  ): Promise<Reply>;
  /** Open sessions: a session's stream is found and a session ended through them. */
  readonly sessions: Pick<SessionStore, 'get' | 'delete'>;
  /** Registers the outlet of a connection that is one session (stdio); returns the function that removes it. */
  addConnectionOutlet(outlet: Outlet): () => void;
  /** Ends every `subscriptions/listen` stream gracefully (the first step of closing). */
  endSubscriptions(): void;
  /** Aborts the requests still running once the grace period of closing is over. */
  readonly inFlight: { abortAll(reason: string): void };
}
