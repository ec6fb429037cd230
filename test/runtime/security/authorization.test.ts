import { describe, expect, it } from 'vitest';
import { requiredPermission } from '../../../src/runtime/authz/method-permissions.js';
import { RolePermissions } from '../../../src/runtime/authz/role-permissions.js';
import { canUseTool } from '../../../src/runtime/authz/tool-access.js';
import type { Principal } from '../../../src/runtime/auth/principal.js';

const roles = new RolePermissions({ admin: ['*'], user: ['read', 'execute'], auditor: ['read'] });
const who = (r: string[], tenantId?: string): Principal => ({
  id: 'p',
  roles: r,
  via: 'api-key',
  ...(tenantId ? { tenantId } : {}),
});

describe('roles and permissions', () => {
  it('gives a "*" role every permission, even ones nobody declared', () => {
    expect(roles.allows(who(['admin']), 'delete-everything')).toBe(true);
  });

  it('gives a role exactly its listed permissions', () => {
    expect(roles.allows(who(['auditor']), 'read')).toBe(true);
    expect(roles.allows(who(['auditor']), 'execute')).toBe(false);
  });

  it('gives a principal the union of its roles', () => {
    expect(roles.allows(who(['auditor', 'user']), 'execute')).toBe(true);
  });

  it('gives no permission to a principal with no role, an unknown role, or no principal', () => {
    expect(roles.allows(who([]), 'read')).toBe(false);
    expect(roles.allows(who(['superuser']), 'read')).toBe(false);
    expect(roles.allows(undefined, 'read')).toBe(false);
  });
});

describe('the permission a method needs', () => {
  it.each([
    ['tools/list', 'read'],
    ['resources/list', 'read'],
    ['resources/read', 'read'],
    ['prompts/get', 'read'],
    ['completion/complete', 'read'],
    ['tools/call', 'execute'],
    ['some/new-method', 'execute'],
  ])('%s needs %s', (method, permission) => {
    expect(requiredPermission(method)).toBe(permission);
  });

  it('lets a tool declare its own permission for tools/call', () => {
    expect(requiredPermission('tools/call', 'admin:delete')).toBe('admin:delete');
  });

  it('needs nothing beyond authentication for the handshake and ping', () => {
    expect(requiredPermission('initialize')).toBeUndefined();
    expect(requiredPermission('ping')).toBeUndefined();
    expect(requiredPermission('notifications/initialized')).toBeUndefined();
  });
});

describe('tool access', () => {
  const global = { name: 'echo' };
  const tenantTool = { name: 'ledger', tenant: 'tenant-a' };
  const dangerous = { name: 'wipe', permission: 'wipe' };

  it('lets a user call a global tool', () => {
    expect(canUseTool(roles, global, who(['user']), undefined)).toBe(true);
  });

  it("keeps a tenant tool inside its tenant, whatever the caller's roles", () => {
    expect(canUseTool(roles, tenantTool, who(['user'], 'tenant-a'), 'tenant-a')).toBe(true);
    expect(canUseTool(roles, tenantTool, who(['admin'], 'tenant-b'), 'tenant-b')).toBe(false);
    expect(canUseTool(roles, tenantTool, who(['admin']), undefined)).toBe(false);
  });

  it('requires the permission a tool declares', () => {
    expect(canUseTool(roles, dangerous, who(['user']), undefined)).toBe(false);
    expect(canUseTool(roles, dangerous, who(['admin']), undefined)).toBe(true);
  });
});
