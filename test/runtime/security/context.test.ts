import { describe, expect, it } from 'vitest';
import { McpContext } from '../../../src/runtime/context/tenant-context.js';
import { currentRequest, requestScope } from '../../../src/runtime/context/request-scope.js';
import { ToolNotFoundError } from '../../../src/runtime/errors/mcp-error.js';
import type { RequestContext } from '../../../src/runtime/pipeline/stage.js';
import { McpToolRegistry } from '../../../src/runtime/tools/tool-registry.js';

function registryWithTools(): McpToolRegistry {
  const registry = new McpToolRegistry();
  // The tool reports the tenant it sees through the request scope, not through its arguments.
  const whoami = () => ({ tenant: McpContext.current()?.tenantId ?? null });
  registry.registerTool({ name: 'whoami', handler: whoami });
  registry.registerTool({ name: 'ledger', tenant: 'tenant-a', handler: whoami });
  return registry;
}

describe('McpContext (tenant context)', () => {
  it('runs a global tool with the tenant visible to the tool through the request scope', async () => {
    const result = await new McpContext({
      tenantId: 'tenant-123',
      registry: registryWithTools(),
    }).executeTool('whoami');
    expect(result).toMatchObject({ structuredContent: { tenant: 'tenant-123' } });
  });

  it('runs a tenant tool inside its own tenant', async () => {
    const result = await new McpContext({ tenantId: 'tenant-a', registry: registryWithTools() }).executeTool(
      'ledger',
    );
    expect(result).toMatchObject({ structuredContent: { tenant: 'tenant-a' } });
  });

  it("treats another tenant's tool as unknown", async () => {
    const context = new McpContext({ tenantId: 'tenant-b', registry: registryWithTools() });
    await expect(context.executeTool('ledger')).rejects.toBeInstanceOf(ToolNotFoundError);
  });

  it('refuses a switch to a tenant the principal does not belong to', () => {
    const principal = { id: 'u', tenantId: 'tenant-a', roles: [], via: 'api-key' as const };
    expect(() => new McpContext({ tenantId: 'tenant-b', principal })).toThrow(/does not belong/);
  });

  it('takes the tenant from the principal when none is given', () => {
    const principal = { id: 'u', tenantId: 'tenant-a', roles: [], via: 'api-key' as const };
    expect(new McpContext({ principal }).tenantId).toBe('tenant-a');
  });

  it('is undefined outside any request', () => {
    expect(McpContext.current()).toBeUndefined();
  });
});

describe('the request scope stage', () => {
  it('makes the request, including what later stages set on it, visible across awaits', async () => {
    const ctx: RequestContext = {
      requestId: 'r-9',
      id: 9,
      method: 'tools/call',
      params: {},
      info: { transport: 'http', headers: {} },
      protocolVersion: '2025-11-25',
      signal: new AbortController().signal,
    };
    const seen = await requestScope(ctx, async () => {
      ctx.tenantId = 'tenant-z'; // as authentication would
      await new Promise((resolve) => setImmediate(resolve));
      return { tenant: currentRequest()?.tenantId, request: McpContext.current()?.requestId };
    });
    expect(seen).toEqual({ tenant: 'tenant-z', request: 'r-9' });
  });

  it('keeps concurrent requests apart', async () => {
    const make = (requestId: string): RequestContext => ({
      requestId,
      id: requestId,
      method: 'ping',
      params: {},
      info: { transport: 'http', headers: {} },
      protocolVersion: '2025-11-25',
      signal: new AbortController().signal,
    });
    const run = (id: string, delay: number) =>
      requestScope(make(id), async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return { id: currentRequest()?.requestId };
      });
    expect(await Promise.all([run('a', 5), run('b', 0)])).toEqual([{ id: 'a' }, { id: 'b' }]);
  });
});
