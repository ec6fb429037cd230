import type { ServerResponse } from 'node:http';
import type { JsonRpcMessage } from '../jsonrpc/message.js';
import type { Outlet } from '../protocol/outlet.js';

/**
 * A Server-Sent Events stream of JSON-RPC messages on an HTTP response. For POST responses it starts lazily: the
 * response becomes an event stream only when a message must go out before the final result (progress, logs,
 * server-to-client requests); otherwise the result is sent as plain JSON. Messages for a client that cannot take a
 * stream go to `fallback` (the session's GET stream), if any.
 */
export class SseStream implements Outlet {
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly canStream: boolean,
    private readonly fallback?: () => Outlet | undefined,
  ) {}

  get closed(): boolean {
    return this.isEnded || (!this.canStream && (this.fallback?.()?.closed ?? true));
  }

  // Ended by us, or the client went away (checked on use rather than with a listener per response).
  private get isEnded(): boolean {
    return this.ended || this.res.destroyed || this.res.writableEnded;
  }

  /** Whether the response has become an event stream. */
  get started(): boolean {
    return this.res.headersSent;
  }

  /** Sends the stream headers now (GET streams start at once). */
  open(headers: Record<string, string> = {}): void {
    if (this.res.headersSent) return;
    this.res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    this.res.flushHeaders();
  }

  send(message: JsonRpcMessage): void {
    if (this.isEnded) return;
    if (!this.canStream) {
      this.fallback?.()?.send(message);
      return;
    }
    this.open();
    // No event ids: the runtime does not replay streams (Last-Event-ID), and ids would invite reconnects it cannot serve.
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  /** Sends the final message(s) and ends the stream. */
  finish(messages: readonly JsonRpcMessage[]): void {
    for (const message of messages) this.send(message);
    this.end();
  }

  end(): void {
    if (this.isEnded) return;
    this.ended = true;
    this.res.end();
  }
}
