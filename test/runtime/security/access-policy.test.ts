import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/runtime/auth/principal.js';
import { accessPolicy, tenantOnlyAccess } from '../../../src/runtime/authz/access-policy.js';
import { RolePermissions } from '../../../src/runtime/authz/role-permissions.js';
import { AuthorizationError } from '../../../src/runtime/errors/mcp-error.js';
import type { RequestContext } from '../../../src/runtime/pipeline/stage.js';

const caller = (tenantId: string | undefined, roles: string[] = []): RequestContext => {
  const principal: Principal = { id: 'p', roles, via: 'api-key', ...(tenantId ? { tenantId } : {}) };
  return {
    requestId: 'r',
    id: 1,
    method: 'resources/read',
    params: {},
    info: { transport: 'http', headers: {} },
    protocolVersion: '2025-11-25',
    signal: new AbortController().signal,
    principal,
    ...(tenantId ? { tenantId } : {}),
  };
};

const globalTool = { name: 'echo' };
const toolOfA = { name: 'a-only', tenant: 'tenant-a' };
const adminTool = { name: 'wipe', permission: 'admin' };

describe('the tenant-only access policy (a server without security stages)', () => {
  it('shows global items and the caller tenant’s, whatever permission they declare', () => {
    expect(tenantOnlyAccess.canUseTool(globalTool, caller(undefined))).toBe(true);
    expect(tenantOnlyAccess.canUseTool(adminTool, caller(undefined))).toBe(true);
    expect(tenantOnlyAccess.canUseTool(toolOfA, caller('tenant-a'))).toBe(true);
  });

  it('hides another tenant’s items, and a tenant’s items from a caller without a tenant', () => {
    expect(tenantOnlyAccess.canUseTool(toolOfA, caller('tenant-b'))).toBe(false);
    expect(tenantOnlyAccess.canAccess(toolOfA, caller(undefined))).toBe(false);
    expect(tenantOnlyAccess.authorizeItem(toolOfA, caller('tenant-b'))).toBe(false);
  });
});

describe('the access policy with roles', () => {
  const policy = accessPolicy({ roles: new RolePermissions({ user: ['read', 'execute'], admin: ['*'] }) });

  it('needs the item’s permission as well as its tenant', () => {
    expect(policy.canUseTool(globalTool, caller(undefined, ['user']))).toBe(true);
    expect(policy.canUseTool(adminTool, caller(undefined, ['user']))).toBe(false);
    expect(policy.canUseTool(adminTool, caller(undefined, ['admin']))).toBe(true);
    expect(policy.canUseTool(toolOfA, caller('tenant-b', ['admin']))).toBe(false);
  });

  it('refuses a named item of the caller’s tenant openly (403) when the permission is missing', () => {
    const ctx = caller(undefined, ['user']);
    expect(() => policy.authorizeItem(adminTool, ctx)).toThrow(AuthorizationError);
    expect(ctx.http?.status).toBe(403);
  });
});
