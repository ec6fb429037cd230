/** Whether a principal may see and call a tool: it needs the tool's permission and must be in the tool's tenant. */
import type { Principal, ToolAccessFacts } from '../pipeline/stage.js';
import type { RolePermissions } from './role-permissions.js';

/** True when the tool is global or belongs to the caller's tenant (a principal without a tenant sees only global tools). */
export function inToolTenant(tool: ToolAccessFacts, tenantId: string | undefined): boolean {
  return tool.tenant === undefined || tool.tenant === tenantId;
}

/** Permission and tenant scope together: what `tools/list` filters with and what `tools/call` enforces. */
export function canUseTool(
  roles: RolePermissions,
  tool: ToolAccessFacts,
  principal: Principal | undefined,
  tenantId: string | undefined,
): boolean {
  return inToolTenant(tool, tenantId) && roles.allows(principal, tool.permission ?? 'execute');
}
