import type { Readable, Writable } from 'node:stream';
import { InvalidRequestError } from '../errors/mcp-error.js';
import { toJsonRpcError } from '../errors/to-json-rpc-error.js';
import { failure, type JsonRpcMessage } from '../jsonrpc/message.js';
import type { Outlet } from '../protocol/outlet.js';
import type { Transport } from './transport.js';
import type { TransportHost } from './transport-host.js';

/**
 * Newline-delimited JSON-RPC over a pair of streams (stdin/stdout by default). Only MCP messages are written to the
 * output; diagnostics belong on stderr. The connection is one session.
 */
export class StdioTransport implements Transport, Outlet {
  private buffer = '';
  /** True while skipping the rest of an oversized line. */
  private discarding = false;
  private sessionId: string | undefined;
  private readonly pending = new Set<Promise<void>>();
  private isClosed = false;
  private removeOutlet: (() => void) | undefined;
  private readonly onData = (chunk: Buffer | string) => this.consume(chunk.toString());
  private readonly onEnd = () => void this.close();
  /** Resolves once the input has ended and every request has been answered. */
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;

  constructor(
    private readonly server: TransportHost,
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
  ) {
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  async start(): Promise<void> {
    this.input.setEncoding?.('utf8');
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.removeOutlet = this.server.addConnectionOutlet(this);
  }

  /** True once closed: messages for the client are dropped (the transport is its own outlet). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Writes one message to the client (the connection is its own outlet). */
  send(message: JsonRpcMessage): void {
    this.write(message);
  }

  private write(message: JsonRpcMessage): void {
    if (!this.output.writable) return;
    this.output.write(`${JSON.stringify(message)}\n`);
  }

  private consume(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (this.discarding) this.discarding = false;
      else this.dispatch(line);
      newline = this.buffer.indexOf('\n');
    }
    // A line that outgrows the limit is answered once and skipped up to its newline, so memory stays bounded.
    if (!this.discarding && this.buffer.length > this.server.limits.maxBytes) {
      this.discarding = true;
      this.buffer = '';
      this.write(
        failure(
          null,
          toJsonRpcError(new InvalidRequestError(`Message exceeds ${this.server.limits.maxBytes} bytes`)),
        ),
      );
    } else if (this.discarding) this.buffer = '';
  }

  private dispatch(line: string): void {
    const text = line.trim();
    if (text === '') return;
    const info = { transport: 'stdio' as const, headers: {}, sessionId: this.sessionId };
    const work = this.server.receiveText(text, info, this).then(
      (reply) => {
        const sessionId = reply.headers['mcp-session-id'];
        if (sessionId) this.sessionId = sessionId;
        if (reply.body !== undefined) this.write(reply.body as JsonRpcMessage);
      },
      () => {},
    );
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Stops reading, waits up to `graceMs` for in-flight requests, then detaches. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.isClosed) return this.finished;
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.server.endSubscriptions();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.pending]),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    this.isClosed = true;
    this.removeOutlet?.();
    this.resolveFinished();
  }
}
