/**
 * A tenant context: `new McpContext({ tenantId: 'tenant-123' }).executeTool('tool', { param: 'value' })`
 * runs a tool isolated to that tenant. Tools scoped to another tenant do not exist from inside this context (the
 * same "unknown tool" answer as a name that was never registered, so their existence does not leak).
 */
import { randomUUID } from 'node:crypto';
import { ToolNotFoundError } from '../errors/mcp-error.js';
import type { RequestContext } from '../pipeline/stage.js';
import type { Principal } from '../auth/principal.js';
import type { ToolAccessFacts } from '../authz/access-facts.js';
import { inToolTenant } from '../authz/tool-access.js';
import { currentRequest, runInRequestScope } from './request-scope.js';

/** What McpContext needs from a tool registry (McpToolRegistry fits). */
export interface ToolExecutor {
  getTool(name: string): ToolAccessFacts | undefined;
  executeTool(name: string, args: unknown, extra: { ctx: RequestContext }): Promise<unknown>;
}

export interface McpContextInit {
  tenantId?: string;
  principal?: Principal;
  sessionId?: string;
  requestId?: string;
  registry?: ToolExecutor;
}

/** A tenant, principal, session and request that code runs on behalf of. */
export class McpContext {
  readonly tenantId: string | undefined;
  readonly principal: Principal | undefined;
  readonly sessionId: string | undefined;
  readonly requestId: string;
  private readonly registry: ToolExecutor | undefined;

  constructor(init: McpContextInit = {}) {
    this.tenantId = init.tenantId ?? init.principal?.tenantId;
    if (
      init.principal?.tenantId !== undefined &&
      init.tenantId !== undefined &&
      init.principal.tenantId !== init.tenantId
    ) {
      // A context switch to a tenant the principal does not belong to is exactly the cross-tenant access we forbid.
      throw new Error(`principal ${init.principal.id} does not belong to tenant ${init.tenantId}`);
    }
    this.principal = init.principal;
    this.sessionId = init.sessionId;
    this.requestId = init.requestId ?? randomUUID();
    this.registry = init.registry;
  }

  /** The context of the request the current async call chain is serving, if any. */
  static current(): McpContext | undefined {
    const ctx = currentRequest();
    if (!ctx) return undefined;
    return new McpContext({
      ...(ctx.tenantId === undefined ? {} : { tenantId: ctx.tenantId }),
      ...(ctx.principal === undefined ? {} : { principal: ctx.principal }),
      ...(ctx.sessionId === undefined ? {} : { sessionId: ctx.sessionId }),
      requestId: ctx.requestId,
    });
  }

  /** Runs a tool of the registry inside this context; tools of other tenants are unknown here. */
  async executeTool(name: string, args: Record<string, unknown> = {}): Promise<unknown> {
    if (!this.registry)
      throw new Error('McpContext.executeTool needs a registry: new McpContext({ tenantId, registry })');
    const tool = this.registry.getTool(name);
    if (!tool || !inToolTenant(tool, this.tenantId)) throw new ToolNotFoundError(name);
    const ctx = this.requestContext(name, args);
    return runInRequestScope(ctx, () => this.registry!.executeTool(name, args, { ctx }));
  }

  /** Runs `work` with this context as the current request. */
  run<T>(work: () => T): T {
    return runInRequestScope(this.requestContext(undefined, {}), work);
  }

  private requestContext(toolName: string | undefined, args: Record<string, unknown>): RequestContext {
    return {
      requestId: this.requestId,
      id: undefined,
      method: 'tools/call',
      params: toolName === undefined ? {} : { name: toolName, arguments: args },
      info: { transport: 'stdio', headers: {} },
      protocolVersion: 'local',
      signal: new AbortController().signal,
      ...(toolName === undefined ? {} : { toolName }),
      ...(this.principal === undefined ? {} : { principal: this.principal }),
      ...(this.tenantId === undefined ? {} : { tenantId: this.tenantId }),
      ...(this.sessionId === undefined ? {} : { sessionId: this.sessionId }),
    };
  }
}
