import type { JsonRpcMessage } from '../jsonrpc/message.js';

/**
 * Where server-to-client messages go: the SSE stream of the HTTP request being answered, the session's GET stream,
 * or stdout on stdio. `closed` outlets drop messages.
 */
export interface Outlet {
  send(message: JsonRpcMessage): void;
  readonly closed?: boolean;
  /** Closes the stream, when the outlet is one (a session's GET stream when the session ends). */
  end?(): void;
}

/** An outlet that drops everything (in-process calls with nobody listening). */
export const nowhere: Outlet = { send: () => {}, closed: true };
