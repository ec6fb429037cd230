/**
 * The request pipeline's contract (Koa/Hono style): each stage is `(ctx, next) => result`.
 * The order of stages is written once, in pipeline.ts; each stage lives in its own module and is testable alone.
 * Stages do not know which transport carried the request.
 */
import type { AccessFacts, ToolAccessFacts } from '../authz/access-facts.js';
import type { Principal } from '../auth/principal.js';

/** What the transport knows about the request, in a transport-neutral form. */
export interface RequestInfo {
  transport: 'stdio' | 'http';
  /** Lower-cased HTTP header names; empty on stdio. */
  headers: Readonly<Record<string, string | undefined>>;
  sessionId?: string;
  remoteAddress?: string;
}

/** One JSON-RPC request or notification travelling through the pipeline. */
export interface RequestContext {
  /** Our id for logs and traces (random), distinct from the JSON-RPC id. */
  readonly requestId: string;
  /** JSON-RPC id; undefined for notifications. */
  readonly id: string | number | undefined;
  /** Canonical MCP method (aliases such as `callTool` already mapped to `tools/call`). */
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly info: RequestInfo;
  /** Negotiated (session era) or per-request (stateless era) protocol version. */
  protocolVersion: string;
  /** The tool named by `tools/call`, when the method is one. */
  toolName?: string;
  principal?: Principal;
  tenantId?: string;
  sessionId?: string;
  /** Aborted on cancellation, client disconnect or shutdown. */
  readonly signal: AbortSignal;
  /** Transport hints a stage can set (HTTP status and headers for a rejection, e.g. 401 + WWW-Authenticate, 429 + Retry-After). */
  http?: { status?: number; headers?: Record<string, string> };
}

/** The value a handler produces: a JSON-RPC `result` object (errors are thrown as McpError). */
export type HandlerResult = Record<string, unknown>;

export type Next = () => Promise<HandlerResult>;

/**
 * A pipeline stage: do its work, then call `next()`, or reject with an McpError. A stage returns a promise and does
 * not throw (compose turns a stray synchronous throw into a rejection all the same); stages that decide
 * synchronously are better plain functions than `async` ones (docs/runtime.md, "The pipeline").
 */
export type Stage = (ctx: RequestContext, next: Next) => Promise<HandlerResult>;

/**
 * Who may see and use which tools, resources, resource templates and prompts. Every server has one: its security
 * stages, or `tenantOnlyAccess` (authz/access-policy.ts) in a server without them.
 */
export interface AccessPolicy {
  /** Whether this request's principal may see and call a tool (tools/list filters with it). */
  canUseTool(tool: ToolAccessFacts, ctx: RequestContext): boolean;
  /**
   * Whether this request's principal may see a resource, resource template or prompt: the item is global or of its
   * tenant, and its roles grant the item's permission (default `read`). The listings filter with it; nothing is logged.
   */
  canAccess(item: AccessFacts, ctx: RequestContext): boolean;
  /**
   * For a request that names one resource, template or prompt (read, subscribe, get, complete): false for another
   * tenant's item, which the caller then answers exactly as an unknown one (the attempt is logged); throws
   * AuthorizationError (ctx.http = 403, logged and counted) when the principal lacks the item's permission, as
   * tools/call does for a tool's permission; true otherwise.
   */
  authorizeItem(item: AccessFacts, ctx: RequestContext): boolean;
}

/**
 * The security half of the pipeline (authentication, authorization, rate limiting, observability), built from the
 * server config by src/runtime/security.ts and plugged into pipeline.ts; it is also the server's access policy.
 * Absent in a bare server.
 */
export interface SecurityStages extends AccessPolicy {
  /** Outermost: structured log line, metrics and a trace span for everything after it. */
  observe: Stage;
  /** Sets ctx.principal / ctx.tenantId or throws AuthenticationError (ctx.http = 401 + WWW-Authenticate). */
  authenticate: Stage;
  /** Roles → permissions for the method (and tool); throws AuthorizationError and logs the denial. */
  authorize: Stage;
  /** Token buckets per principal, tenant and tool; throws RateLimitExceeded (ctx.http = 429 + Retry-After). */
  rateLimit: Stage;
}
