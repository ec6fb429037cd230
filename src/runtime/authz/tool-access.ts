/**
 * Whether a principal may see and use a tool, resource, resource template or prompt: it needs the item's permission
 * and must be in the item's tenant.
 */
import type { AccessFacts, ToolAccessFacts } from './access-facts.js';
import type { Principal } from '../auth/principal.js';
import type { RolePermissions } from './role-permissions.js';

/** True when the item is global or belongs to the caller's tenant (a principal without a tenant sees only global items). */
export function inTenant(item: AccessFacts, tenantId: string | undefined): boolean {
  return item.tenant === undefined || item.tenant === tenantId;
}

/** The tool form of inTenant, kept for the places that speak of tools. */
export const inToolTenant: (tool: ToolAccessFacts, tenantId: string | undefined) => boolean = inTenant;

/** Permission and tenant scope together; `defaultPermission` applies when the item declares none. */
export function canAccess(
  roles: RolePermissions,
  item: AccessFacts,
  principal: Principal | undefined,
  tenantId: string | undefined,
  defaultPermission: string,
): boolean {
  return inTenant(item, tenantId) && roles.allows(principal, item.permission ?? defaultPermission);
}

/** What `tools/list` filters with and what `tools/call` enforces. */
export function canUseTool(
  roles: RolePermissions,
  tool: ToolAccessFacts,
  principal: Principal | undefined,
  tenantId: string | undefined,
): boolean {
  return canAccess(roles, tool, principal, tenantId, 'execute');
}
