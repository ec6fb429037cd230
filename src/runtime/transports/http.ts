import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidRequestError, McpError } from '../errors/mcp-error.js';
import { toJsonRpcError } from '../errors/to-json-rpc-error.js';
import { failure, type JsonRpcMessage } from '../jsonrpc/message.js';
import type { RequestInfo } from '../pipeline/stage.js';
import { rejectionReason, type GuardOptions } from './http-guard.js';
import type { HttpRoute } from './http-route.js';
import { SseStream } from './sse.js';
import type { Transport } from './transport.js';
import type { DisconnectWatch, Reply, TransportHost } from './transport-host.js';

export interface HttpTransportOptions extends GuardOptions {
  /** Bind address (default 127.0.0.1: never exposed beyond this machine unless asked). */
  host?: string;
  /** Port (default 3000; 0 picks a free one). */
  port?: number;
  /** The MCP endpoint (default /mcp). */
  path?: string;
  /** Largest accepted request body in bytes (default: the server's message limit). */
  maxBodyBytes?: number;
  /**
   * Most bytes of request bodies held at once, across all requests still being received (default 64 MiB). Bodies
   * are read before anyone is authenticated, so without this bound clients holding bodies open cost memory at will;
   * a request that would go beyond it gets 503 with Retry-After.
   */
  maxBufferedBodyBytes?: number;
  /** Most open connections (default 4096); more are closed as they arrive. */
  maxConnections?: number;
  /** Extra routes by exact path (e.g. GET /metrics); the handler answers any method it is sent. */
  routes?: Record<string, HttpRoute>;
}

// Node joins repeated request headers into one string except set-cookie (always an array), so the parsed headers
// are used as they are and copied only in that rare case.
function headerRecord(req: IncomingMessage): Readonly<Record<string, string | undefined>> {
  const headers = req.headers;
  if (headers['set-cookie'] === undefined) return headers as Record<string, string | undefined>;
  const copy: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    copy[name] = Array.isArray(value) ? value.join(', ') : value;
  return copy;
}

const noHeaders: Readonly<Record<string, string>> = Object.freeze({});

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = noHeaders,
): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  error: McpError,
  headers: Readonly<Record<string, string>> = noHeaders,
): void {
  sendJson(res, status, failure(null, toJsonRpcError(error)), headers);
}

class BodyTooLarge extends Error {}
class BodyBudgetExhausted extends Error {}

/** Bytes of request bodies being received, across all requests, and the most there may be. */
interface BodyBudget {
  used: number;
  readonly limit: number;
}

function readBody(req: IncomingMessage, limit: number, budget: BodyBudget): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      budget.used -= size;
    };
    const stop = (error: Error): void => {
      release();
      reject(error);
      req.removeAllListeners('data');
      req.resume();
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      budget.used += chunk.length;
      if (size > limit) return stop(new BodyTooLarge());
      if (budget.used > budget.limit) return stop(new BodyBudgetExhausted());
      chunks.push(chunk);
    });
    // Small bodies arrive in one chunk: decode it without concatenating.
    req.on('end', () => {
      release();
      resolve((chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8'));
    });
    req.on('error', (error) => {
      release();
      reject(error);
    });
    // A client that goes away mid-body frees its share.
    req.once('close', release);
  });
}

/**
 * Streamable HTTP on Node's http module: one endpoint; POST carries JSON-RPC and is answered with JSON or an event
 * stream, GET opens the session's stream and DELETE ends the session (session era). Host/Origin are checked against
 * DNS rebinding, bodies are size-limited, and shutdown is graceful.
 */
export class HttpTransport implements Transport {
  private readonly http: Server;
  private readonly host: string;
  private readonly path: string;
  private readonly maxBodyBytes: number;
  /** Extra routes by exact path (a Map: one lookup, and only the caller's own entries). */
  private readonly routes: ReadonlyMap<string, HttpRoute>;
  /** Requests being handled (a count, not a set of promises: close() only needs to know when it reaches 0). */
  private active = 0;
  private onIdle: (() => void) | undefined;
  private readonly streams = new Set<SseStream>();
  private closing = false;
  private readonly bodyBudget: BodyBudget;
  /** Requests that sent `Expect: 100-continue` and have not been told to go on yet. */
  private readonly awaitingContinue = new WeakSet<IncomingMessage>();

  constructor(
    private readonly server: TransportHost,
    private readonly options: HttpTransportOptions = {},
  ) {
    this.host = options.host ?? '127.0.0.1';
    this.path = options.path ?? '/mcp';
    this.maxBodyBytes = options.maxBodyBytes ?? server.limits.maxBytes;
    this.routes = new Map(Object.entries(options.routes ?? {}));
    this.bodyBudget = { used: 0, limit: options.maxBufferedBodyBytes ?? 64 * 1024 * 1024 };
    this.http = createServer((req, res) => this.handle(req, res));
    this.http.maxConnections = options.maxConnections ?? 4096;
    // Without this listener Node answers `100 Continue` to every `Expect: 100-continue` before we see the request:
    // a client announcing 20 MB was invited to send it and then cut off. 100 Continue now goes out only once the
    // request has passed every check that does not need the body (its declared size among them); see post().
    this.http.on('checkContinue', (req, res) => {
      this.awaitingContinue.add(req);
      this.handle(req, res);
    });
  }

  // The request path returns a promise only when there is asynchronous work; not async (docs/runtime.md, "The
  // pipeline").
  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.active++;
    const done = (): void => {
      if (--this.active === 0) this.onIdle?.();
    };
    const fail = (): void => {
      if (!res.headersSent) sendError(res, 500, new McpError(-32603, 'Internal error'));
      else res.end();
      done();
    };
    let pending: Promise<void> | void;
    try {
      pending = this.route(req, res);
    } catch {
      return fail();
    }
    if (pending) pending.then(done, fail);
    else done();
  }

  /** The endpoint URL once listening (with the real port when 0 was asked). */
  get url(): string {
    const address = this.http.address() as AddressInfo | null;
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${address?.port ?? this.options.port ?? 3000}${this.path}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port ?? 3000, this.host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
  }

  private route(req: IncomingMessage, res: ServerResponse): Promise<void> | void {
    const headers = headerRecord(req);
    const refused = rejectionReason(this.host, headers, this.options);
    if (refused) return sendError(res, 403, new McpError(-32000, `Forbidden: ${refused}`));
    if (this.closing)
      return sendError(res, 503, new McpError(-32000, 'Server is shutting down'), { connection: 'close' });
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    // Extra routes (metrics, protected-resource metadata) answer every method themselves (GET, HEAD, 405).
    const extra = this.routes.get(path);
    if (extra) return extra(req, res);
    if (path !== this.path) return sendError(res, 404, new McpError(-32000, 'Not found'));
    const info: RequestInfo = {
      transport: 'http',
      headers,
      sessionId: headers['mcp-session-id'],
      remoteAddress: req.socket.remoteAddress,
    };
    switch (req.method) {
      case 'POST':
        return this.post(req, res, info);
      case 'GET':
        return this.get(res, info);
      case 'DELETE':
        return this.server
          .withOwnedSession(info, 'session/delete', (session) => {
            this.server.sessions.delete(session.id);
            session.standalone?.end?.();
          })
          .then((reply) => this.reply(res, reply));
      default:
        return sendError(res, 405, new McpError(-32000, 'Method not allowed'), {
          allow: 'GET, POST, DELETE',
        });
    }
  }

  private post(req: IncomingMessage, res: ServerResponse, info: RequestInfo): Promise<void> | void {
    const accept = info.headers.accept ?? '';
    const acceptsSse = accept.includes('text/event-stream') || accept.includes('*/*');
    if (!(accept.includes('application/json') || accept.includes('*/*'))) {
      return sendError(
        res,
        406,
        new InvalidRequestError('Not Acceptable: Accept must include application/json and text/event-stream'),
      );
    }
    if (!(info.headers['content-type'] ?? '').includes('application/json')) {
      return sendError(
        res,
        415,
        new InvalidRequestError('Unsupported Media Type: Content-Type must be application/json'),
      );
    }
    const declared = Number(info.headers['content-length'] ?? 0);
    if (declared > this.maxBodyBytes) {
      sendError(res, 413, new InvalidRequestError(`Request body exceeds ${this.maxBodyBytes} bytes`), {
        connection: 'close',
      });
      req.resume();
      return;
    }
    if (this.awaitingContinue.has(req)) res.writeContinue();
    return readBody(req, this.maxBodyBytes, this.bodyBudget).then(
      (text) => this.serve(text, res, info, acceptsSse),
      (error: unknown) => {
        if (error instanceof BodyTooLarge) {
          sendError(res, 413, new InvalidRequestError(`Request body exceeds ${this.maxBodyBytes} bytes`), {
            connection: 'close',
          });
        } else if (error instanceof BodyBudgetExhausted) {
          sendError(res, 503, new McpError(-32000, 'Server busy receiving other requests; try again later'), {
            connection: 'close',
            'retry-after': '1',
          });
        }
        // Otherwise the client went away while sending: nobody to answer.
      },
    );
  }

  /** Serves a POST body and answers with JSON, or finishes the event stream the request opened. */
  private serve(text: string, res: ServerResponse, info: RequestInfo, acceptsSse: boolean): Promise<void> {
    // Closing the connection before the answer is complete means the client went away. One listener per watcher,
    // added only when the server asks (every request does; notifications and responses do not).
    let gone = false;
    const watch: DisconnectWatch = (onDisconnect) => {
      const listener = (): void => {
        if (res.writableFinished) return;
        gone = true;
        onDisconnect();
      };
      res.once('close', listener);
      return () => void res.off('close', listener);
    };
    const stream = new SseStream(res, acceptsSse, () => {
      const session = info.sessionId === undefined ? undefined : this.server.sessions.get(info.sessionId);
      return session?.standalone;
    });
    this.streams.add(stream);
    return this.server.receiveText(text, info, stream, watch).then(
      (reply) => {
        this.streams.delete(stream);
        if (gone) return;
        if (stream.started) {
          const messages =
            reply.body === undefined ? [] : Array.isArray(reply.body) ? reply.body : [reply.body];
          stream.finish(messages as JsonRpcMessage[]);
        } else this.reply(res, reply);
      },
      (error: unknown) => {
        this.streams.delete(stream);
        throw error;
      },
    );
  }

  private async get(res: ServerResponse, info: RequestInfo): Promise<void> {
    if (!(info.headers.accept ?? '').includes('text/event-stream')) {
      return sendError(
        res,
        406,
        new InvalidRequestError('Not Acceptable: Accept must include text/event-stream'),
      );
    }
    if (info.sessionId === undefined) {
      // Without a session there is no stream to open (the stateless era has none).
      return sendError(res, 405, new McpError(-32000, 'Method not allowed without a session'), {
        allow: 'POST',
      });
    }
    let opened: SseStream | undefined;
    const reply = await this.server.withOwnedSession(info, 'session/stream', (session, ctx) => {
      if (session.standalone && !session.standalone.closed) {
        ctx.http = { ...ctx.http, status: 409 };
        throw new McpError(-32000, 'Conflict: a stream is already open for this session');
      }
      const stream = new SseStream(res, true);
      stream.open({ 'mcp-session-id': session.id });
      session.standalone = stream;
      this.streams.add(stream);
      res.once('close', () => {
        this.streams.delete(stream);
        if (session.standalone === stream) session.standalone = undefined;
      });
      opened = stream;
    });
    if (!opened) this.reply(res, reply);
  }

  private reply(res: ServerResponse, reply: Reply): void {
    if (res.headersSent) return;
    if (reply.body === undefined) {
      res.writeHead(reply.status, reply.headers);
      res.end();
      return;
    }
    sendJson(res, reply.status, reply.body, reply.headers);
  }

  /** Stops accepting, waits up to `graceMs` for in-flight requests, then ends streams and connections. */
  async close(graceMs = 5_000): Promise<void> {
    this.closing = true;
    this.server.endSubscriptions();
    const stopped = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const requestsDone = new Promise<void>((resolve) => {
      if (this.active === 0) resolve();
      else this.onIdle = resolve;
    });
    await Promise.race([requestsDone, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    this.onIdle = undefined;
    this.server.inFlight.abortAll('server shutting down');
    for (const stream of this.streams) stream.end();
    this.http.closeAllConnections();
    await stopped;
  }
}
