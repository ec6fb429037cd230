import {
  InvalidRequestError,
  McpError,
  RequestCancelledError,
  SessionNotFoundError,
} from './errors/mcp-error.js';
import { tenantOnlyAccess } from './authz/access-policy.js';
import { httpStatusFor, toJsonRpcError } from './errors/to-json-rpc-error.js';
import {
  classifyMessage,
  failure,
  success,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from './jsonrpc/message.js';
import { defaultMessageLimits, parseJsonText, type MessageLimits } from './jsonrpc/parse.js';
import type { MethodEnv, MethodSpec } from './methods/method-spec.js';
import { methodTable } from './methods/method-table.js';
import { boundedField } from './observability/bounded-field.js';
import { SubscriptionHub, type ListKind } from './protocol/subscriptions.js';
import type { McpRequestContext, MethodHandler } from './pipeline/mcp-request-context.js';
import { buildPipeline, buildSessionPipeline, type PipelineParts } from './pipeline/pipeline.js';
import type { HandlerResult, RequestInfo, SecurityStages } from './pipeline/stage.js';
import { InFlightRequests } from './pipeline/stages/track-request.js';
import { IncomingRequest } from './pipeline/incoming-request.js';
import { ClientRequests } from './protocol/client-requests.js';
import { canonicalMethod } from './protocol/method-aliases.js';
import type { NotificationRelay } from './protocol/notification-relay.js';
import { nowhere, type Outlet } from './protocol/outlet.js';
import { RequestStateSealer } from './protocol/request-state-sealer.js';
import { allowsBatches, defaultHttpVersion, latestSessionVersion } from './protocol/versions.js';
import { PromptRegistry } from './prompts/prompt-registry.js';
import { McpToolRegistry } from './tools/tool-registry.js';
import { ResourceRegistry } from './resources/resource-registry.js';
import { InMemorySessionStore, type Session, type SessionStore } from './session/session.js';
import type { Transport } from './transports/transport.js';
import type { DisconnectWatch, Reply, TransportHost } from './transports/transport-host.js';

/** Server settings: the first argument of `new McpJsonRpcServer(config, parts)`. */
export interface ServerSettings {
  name?: string;
  version?: string;
  instructions?: string;
  /** Per-message size and depth limits. */
  limits?: Partial<MessageLimits>;
  /** Items per page of the list methods. */
  pageSize?: number;
  /** Whether session-era HTTP requests must carry Mcp-Session-Id (default true; false = stateless JSON mode). */
  sessionsRequired?: boolean;
  /** HMAC key for requestState; share it between instances behind a load balancer. */
  requestStateKey?: string;
  /** `ttlMs` advertised on cacheable stateless-era results (default 0: do not cache). */
  cacheTtlMs?: number;
  /** How long server-to-client requests (sampling, elicitation) may wait for an answer. */
  clientRequestTimeoutMs?: number;
  /** Time limit of tool calls whose tool declares none (default 60 000 ms; 0: none), for the registry made here. */
  toolTimeoutMs?: number;
  /** Most `subscriptions/listen` streams open at once (default 1000; the tenant holding the most gives way). */
  maxSubscriptions?: number;
  /** Most `subscriptions/listen` streams of one principal (default 10). */
  maxSubscriptionsPerPrincipal?: number;
}

/** The parts a server is built from (`{ registry }` and more), all optional. */
export interface ServerParts {
  registry?: McpToolRegistry;
  resources?: ResourceRegistry;
  prompts?: PromptRegistry;
  sessions?: SessionStore;
  /** Carries list-changed and resource-updated notifications to the server's other instances (Redis pub/sub). */
  relay?: NotificationRelay;
  /** Authentication, authorization, rate limiting and observability; absent in a bare server. */
  security?: SecurityStages;
  /** Where unexpected errors are reported for operators (default: one line on stderr, never to the client). */
  onError?: (error: unknown, where: string) => void;
}

export type { DisconnectWatch, Reply } from './transports/transport-host.js';

// A request the client cancelled gets no response (spec: cancellation).
function cancelledByClient(ctx: McpRequestContext): boolean {
  return ctx.abortReason instanceof RequestCancelledError;
}

function defaultOnError(error: unknown, where: string): void {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // `where` is often the method a client sent: bounded like every logged field that comes from a request.
  process.stderr.write(
    `mcp-safeguard runtime: unexpected error in ${boundedField(where)}: ${text.slice(0, 200)}\n`,
  );
}

/**
 * A Model Context Protocol server: JSON-RPC over any transport, both protocol eras, with tools, resources and
 * prompts. `handleRequest` serves one message in process; `connect(transport)` serves a transport built for it
 * (`startServer` in start-server.ts builds one from settings).
 */
export class McpJsonRpcServer implements TransportHost {
  readonly registry: McpToolRegistry;
  readonly resources: ResourceRegistry;
  readonly prompts: PromptRegistry;
  readonly sessions: SessionStore;
  readonly limits: MessageLimits;
  readonly inFlight = new InFlightRequests();
  private readonly subscriptions: SubscriptionHub;
  private readonly clientRequests: ClientRequests;
  private readonly pipeline: MethodHandler;
  private readonly parts: PipelineParts;
  private readonly methods: Map<string, MethodSpec>;
  private readonly onError: (error: unknown, where: string) => void;
  /** Outlets of connections that are one session each (stdio), for list-changed notifications. */
  private readonly connectionOutlets = new Set<Outlet>();
  private readonly relay: NotificationRelay | undefined;
  private transport: Transport | undefined;
  private capabilityCache: Record<string, Record<string, unknown>> | undefined;

  constructor(
    readonly config: ServerSettings = {},
    parts: ServerParts = {},
  ) {
    this.registry =
      parts.registry ??
      new McpToolRegistry(
        config.toolTimeoutMs === undefined ? {} : { defaultTimeoutMs: config.toolTimeoutMs },
      );
    this.resources = parts.resources ?? new ResourceRegistry();
    this.prompts = parts.prompts ?? new PromptRegistry();
    this.sessions = parts.sessions ?? new InMemorySessionStore();
    this.limits = { ...defaultMessageLimits, ...config.limits };
    this.onError = parts.onError ?? defaultOnError;
    this.registry.onToolFailure = (tool, error) => this.onError(error, `tool ${tool}`);
    this.clientRequests = new ClientRequests(config.clientRequestTimeoutMs);
    this.subscriptions = new SubscriptionHub(config.maxSubscriptions, config.maxSubscriptionsPerPrincipal);
    const env: MethodEnv = {
      serverInfo: { name: config.name ?? 'mcp-safeguard-runtime', version: config.version ?? '0.1.0' },
      instructions: config.instructions,
      pageSize: config.pageSize ?? 100,
      tools: this.registry,
      resources: this.resources,
      prompts: this.prompts,
      sessions: this.sessions,
      clientRequests: this.clientRequests,
      access: parts.security ?? tenantOnlyAccess,
      requestState: new RequestStateSealer(config.requestStateKey),
      inFlight: this.inFlight,
      subscriptions: this.subscriptions,
      capabilities: () => this.capabilities(),
    };
    this.methods = methodTable(env);
    this.parts = {
      methods: this.methods,
      sessions: this.sessions,
      inFlight: this.inFlight,
      security: parts.security,
      sessionsRequired: config.sessionsRequired ?? true,
      capabilities: () => this.capabilities(),
      cacheHints: () => ({
        ttlMs: config.cacheTtlMs ?? 0,
        cacheScope: parts.security ? 'private' : 'public',
      }),
    };
    this.pipeline = buildPipeline(this.parts);
    this.relay = parts.relay;
    // Another instance's changes reach the streams open here; they change nothing in this instance's registries.
    this.relay?.subscribe((event) => {
      if (event.type === 'list-changed') this.deliverListChanged(event.list, event.method);
      else if (event.type === 'resource-updated') this.deliverResourceUpdated(event.uri);
    });
    this.registry.onListChanged(() =>
      this.listChanged('toolsListChanged', 'notifications/tools/list_changed'),
    );
    this.prompts.onListChanged(() =>
      this.listChanged('promptsListChanged', 'notifications/prompts/list_changed'),
    );
    this.resources.onListChanged(() =>
      this.listChanged('resourcesListChanged', 'notifications/resources/list_changed'),
    );
  }

  /** The capabilities advertised at initialize and server/discover, derived from what is registered. */
  capabilities(): Record<string, Record<string, unknown>> {
    // Every request asks (method resolution); the answer changes only when a list changes.
    this.capabilityCache ??= this.deriveCapabilities();
    return this.capabilityCache;
  }

  private deriveCapabilities(): Record<string, Record<string, unknown>> {
    const caps: Record<string, Record<string, unknown>> = { tools: { listChanged: true }, logging: {} };
    if (!this.resources.isEmpty) caps.resources = { subscribe: true, listChanged: true };
    if (!this.prompts.isEmpty) caps.prompts = { listChanged: true };
    if (!this.resources.isEmpty || !this.prompts.isEmpty) caps.completions = {};
    return caps;
  }

  /**
   * Serves one JSON-RPC message (or batch) in process, without a transport:
   * `await server.handleRequest({ jsonrpc: '2.0', method: 'listTools', params: {}, id: 1 })`.
   */
  async handleRequest(
    message: unknown,
    info: Partial<RequestInfo> = {},
  ): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
    return (await this.receive(message, { transport: 'stdio', headers: {}, ...info }, nowhere)).body;
  }

  // The request path below is not async (why: docs/runtime.md, "The pipeline"): a request creates one promise here
  // (serveRequest's then).

  /** Parses text from a transport within the limits, then serves it. */
  receiveText(
    text: string,
    info: RequestInfo,
    outlet: Outlet,
    disconnected?: DisconnectWatch,
  ): Promise<Reply> {
    let payload: unknown;
    try {
      payload = parseJsonText(text, this.limits);
    } catch (error) {
      return Promise.resolve({ body: failure(null, toJsonRpcError(error)), status: 400, headers: {} });
    }
    return this.receive(payload, info, outlet, disconnected);
  }

  /** Serves a parsed payload: one message, or a batch where the protocol version allows batches. */
  receive(
    payload: unknown,
    info: RequestInfo,
    outlet: Outlet,
    disconnected?: DisconnectWatch,
  ): Promise<Reply> {
    if (!Array.isArray(payload)) return this.receiveOne(payload, info, outlet, disconnected);
    return this.receiveBatch(payload, info, outlet, disconnected);
  }

  private async receiveBatch(
    payload: unknown[],
    info: RequestInfo,
    outlet: Outlet,
    disconnected?: DisconnectWatch,
  ): Promise<Reply> {
    const version = this.versionForBatch(info);
    if (!allowsBatches(version) || payload.length === 0) {
      const reason =
        payload.length === 0 ? 'Empty batch' : `Batches are not supported in protocol version ${version}`;
      return {
        body: failure(null, toJsonRpcError(new InvalidRequestError(reason))),
        status: 400,
        headers: {},
      };
    }
    const replies = await Promise.all(
      payload.map((item) => this.receiveOne(item, info, outlet, disconnected)),
    );
    const bodies = replies.flatMap((r) => (r.body === undefined ? [] : [r.body as JsonRpcResponse]));
    return {
      body: bodies.length > 0 ? bodies : undefined,
      status: bodies.length > 0 ? 200 : 202,
      headers: {},
    };
  }

  private versionForBatch(info: RequestInfo): string {
    const session = info.sessionId === undefined ? undefined : this.sessions.get(info.sessionId);
    return (
      session?.protocolVersion ??
      info.headers['mcp-protocol-version'] ??
      (info.transport === 'http' ? defaultHttpVersion : latestSessionVersion)
    );
  }

  private receiveOne(
    value: unknown,
    info: RequestInfo,
    outlet: Outlet,
    disconnected?: DisconnectWatch,
  ): Promise<Reply> {
    const message = classifyMessage(value);
    switch (message.kind) {
      case 'invalid':
        return Promise.resolve({
          body: failure(
            message.id,
            toJsonRpcError(new InvalidRequestError(`Invalid Request: ${message.reason}`)),
          ),
          status: 400,
          headers: {},
        });
      case 'response':
        this.clientRequests.settle(message.message, info.sessionId);
        return Promise.resolve({ status: 202, headers: {} });
      case 'notification':
        return this.serveNotification(message.message, info, outlet);
      case 'request':
        return this.serveRequest(message.message, info, outlet, disconnected);
    }
  }

  private async serveNotification(
    notification: JsonRpcNotification,
    info: RequestInfo,
    outlet: Outlet,
  ): Promise<Reply> {
    const ctx = this.contextFor(notification, info, outlet);
    try {
      await this.pipeline(ctx);
    } catch (error) {
      if (!(error instanceof McpError)) this.onError(error, notification.method);
    }
    return {
      status: ctx.http?.status && ctx.http.status >= 400 ? ctx.http.status : 202,
      headers: ctx.http?.headers ?? {},
    };
  }

  private serveRequest(
    request: JsonRpcRequest,
    info: RequestInfo,
    outlet: Outlet,
    disconnected?: DisconnectWatch,
  ): Promise<Reply> {
    const ctx = this.contextFor(request, info, outlet);
    // A client that goes away mid-request aborts the work done for it.
    const unwatch = disconnected?.(() => ctx.abort('client disconnected'));
    // The pipeline (compose) turns synchronous throws into rejections, so it always returns a promise.
    return this.pipeline(ctx).then(
      (result) => {
        unwatch?.();
        return this.replyWithResult(ctx, request, result);
      },
      (error: unknown) => {
        unwatch?.();
        return this.replyWithError(ctx, request, error);
      },
    );
  }

  private replyWithResult(ctx: McpRequestContext, request: JsonRpcRequest, result: HandlerResult): Reply {
    if (cancelledByClient(ctx)) return { status: 202, headers: ctx.http?.headers ?? {} };
    return {
      body: success(request.id, result),
      status: ctx.http?.status ?? 200,
      headers: ctx.http?.headers ?? {},
    };
  }

  private replyWithError(ctx: McpRequestContext, request: JsonRpcRequest, error: unknown): Reply {
    if (!(error instanceof McpError)) this.onError(error, request.method);
    if (cancelledByClient(ctx)) return { status: 202, headers: ctx.http?.headers ?? {} };
    const mapped = toJsonRpcError(error);
    return {
      body: failure(request.id, mapped),
      status: ctx.http?.status ?? httpStatusFor(mapped.code),
      headers: ctx.http?.headers ?? {},
    };
  }

  private contextFor(
    message: JsonRpcRequest | JsonRpcNotification,
    info: RequestInfo,
    outlet: Outlet,
  ): McpRequestContext {
    const header = info.headers['mcp-protocol-version'];
    return new IncomingRequest(
      'id' in message ? message.id : undefined,
      message.method,
      canonicalMethod(message.method),
      message.params ?? {},
      info,
      header ?? (info.transport === 'http' ? defaultHttpVersion : latestSessionVersion),
      outlet,
    );
  }

  /**
   * Runs the session pipeline (authentication + session ownership) for a session-level HTTP operation and then
   * `action` with the bound session. Used for GET (stream) and DELETE.
   */
  async withOwnedSession(
    info: RequestInfo,
    method: string,
    action: (session: Session, ctx: McpRequestContext) => void | Promise<void>,
  ): Promise<Reply> {
    const ctx = this.contextFor({ jsonrpc: '2.0', method }, info, nowhere);
    const run = buildSessionPipeline(this.parts, async (c) => {
      if (!c.session) {
        c.http = { ...c.http, status: info.sessionId === undefined ? 400 : 404 };
        throw info.sessionId === undefined
          ? new InvalidRequestError('Mcp-Session-Id header is required')
          : new SessionNotFoundError();
      }
      await action(c.session, c);
      return {};
    });
    try {
      await run(ctx);
      return { status: ctx.http?.status ?? 200, headers: ctx.http?.headers ?? {} };
    } catch (error) {
      if (!(error instanceof McpError)) this.onError(error, method);
      const mapped = toJsonRpcError(error);
      return {
        body: failure(null, mapped),
        status: ctx.http?.status ?? httpStatusFor(mapped.code),
        headers: ctx.http?.headers ?? {},
      };
    }
  }

  /** Registers the outlet of a connection that is one session (stdio) for list-changed notifications. */
  addConnectionOutlet(outlet: Outlet): () => void {
    this.connectionOutlets.add(outlet);
    return () => this.connectionOutlets.delete(outlet);
  }

  private listChanged(kind: ListKind, method: string): void {
    this.capabilityCache = undefined;
    this.deliverListChanged(kind, method);
    this.relay?.publish({ type: 'list-changed', list: kind, method });
  }

  private deliverListChanged(kind: ListKind, method: string): void {
    this.broadcast(method);
    this.subscriptions.publishListChanged(kind, method);
  }

  /** Sends a notification to every open session stream and connection. */
  broadcast(method: string, params?: Record<string, unknown>): void {
    const message: JsonRpcMessage = params ? { jsonrpc: '2.0', method, params } : { jsonrpc: '2.0', method };
    for (const session of this.sessions.all()) session.standalone?.send(message);
    for (const outlet of this.connectionOutlets) outlet.send(message);
  }

  /** Tells subscribed sessions and listen streams that a resource changed (`notifications/resources/updated`). */
  notifyResourceUpdated(uri: string): void {
    this.deliverResourceUpdated(uri);
    this.relay?.publish({ type: 'resource-updated', uri });
  }

  private deliverResourceUpdated(uri: string): void {
    this.subscriptions.publishResourceUpdated(uri);
    for (const session of this.sessions.all()) {
      if (session.subscriptions.has(uri)) {
        session.standalone?.send({
          jsonrpc: '2.0',
          method: 'notifications/resources/updated',
          params: { uri },
        });
      }
    }
  }

  /** Ends every `subscriptions/listen` stream gracefully (transports call it first when shutting down). */
  endSubscriptions(): void {
    this.subscriptions.endAll();
  }

  /**
   * Starts a transport built for this server (`new HttpTransport(server, options)`, `new StdioTransport(server)`);
   * `close()` then stops it. One transport at a time.
   */
  async connect(transport: Transport): Promise<void> {
    if (this.transport) throw new Error('A transport is already connected; close() it first');
    await transport.start();
    this.transport = transport;
  }

  /** Stops the transport: no new requests, in-flight ones get `graceMs` to finish, then are aborted. */
  async close(graceMs = 5_000): Promise<void> {
    const transport = this.transport;
    this.transport = undefined;
    await transport?.close(graceMs);
    this.inFlight.abortAll('server shutting down');
  }
}
