import { randomUUID } from 'node:crypto';
import type { Outlet } from '../protocol/outlet.js';
import type { LogLevel } from '../protocol/logging.js';
import type { Session } from '../session/session.js';
import { LazyAbort } from './lazy-abort.js';
import type { McpRequestContext, ResolvedMethod } from './mcp-request-context.js';
import type { RequestInfo } from './stage.js';
import type { Principal } from '../auth/principal.js';

/**
 * The context of one request as the server creates it (a class: one shape for every request, getters and methods on
 * the prototype, so that a request allocates this object and nothing else until someone asks for more).
 */
export class IncomingRequest implements McpRequestContext {
  readonly toolName: string | undefined;
  principal?: Principal;
  tenantId?: string;
  sessionId?: string;
  session?: Session;
  http?: { status?: number; headers?: Record<string, string> };
  stateless = false;
  clientCapabilities: Record<string, unknown> = {};
  logLevel?: LogLevel;
  resolved: ResolvedMethod | undefined = undefined;
  private readonly aborter = new LazyAbort();
  private ownId: string | undefined;

  constructor(
    readonly id: string | number | undefined,
    readonly rawMethod: string,
    readonly method: string,
    readonly params: Readonly<Record<string, unknown>>,
    readonly info: RequestInfo,
    public protocolVersion: string,
    readonly outlet: Outlet,
  ) {
    this.toolName = method === 'tools/call' && typeof params.name === 'string' ? params.name : undefined;
  }

  /** Random, made on first use: only logs and traces read it, and a bare server has neither. */
  get requestId(): string {
    this.ownId ??= randomUUID();
    return this.ownId;
  }

  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  get abortReason(): unknown {
    return this.aborter.reason;
  }

  abort(reason?: unknown): void {
    this.aborter.abort(reason);
  }
}
