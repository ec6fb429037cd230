/**
 * Who may see and use which tools, resources, resource templates and prompts: the AccessPolicy every server has. An
 * item of another tenant does not exist for the caller; with roles configured, an item also needs its permission
 * (default `execute` for tools, `read` for resources, templates and prompts).
 */
import { AuthorizationError } from '../errors/mcp-error.js';
import type { SecurityEvents } from '../observability/events.js';
import type { SecurityMetrics } from '../observability/metrics.js';
import type { AccessPolicy, RequestContext } from '../pipeline/stage.js';
import type { RolePermissions } from './role-permissions.js';
import { canAccess, inTenant } from './tool-access.js';

/** The permission a tool needs when it declares none. */
const DEFAULT_TOOL_PERMISSION = 'execute';
/** The permission a resource, template or prompt needs when it declares none. */
const DEFAULT_ITEM_PERMISSION = 'read';

export interface AccessPolicyOptions {
  /** The configured roles; without them (no `security` section: no principals, no roles) the tenant alone decides. */
  roles?: RolePermissions;
  /** Where refused attempts on one named item are logged and counted; unrecorded without. */
  record?: { events: SecurityEvents; metrics: SecurityMetrics };
}

/** Builds the access policy from the roles (if any) and where refusals are recorded. */
export function accessPolicy(options: AccessPolicyOptions = {}): AccessPolicy {
  const { roles, record } = options;
  const allows = (item: { tenant?: string; permission?: string }, ctx: RequestContext, fallback: string) =>
    roles ? canAccess(roles, item, ctx.principal, ctx.tenantId, fallback) : inTenant(item, ctx.tenantId);
  return {
    canUseTool: (tool, ctx) => allows(tool, ctx, DEFAULT_TOOL_PERMISSION),
    canAccess: (item, ctx) => allows(item, ctx, DEFAULT_ITEM_PERMISSION),
    authorizeItem: (item, ctx) => {
      const permission = item.permission ?? DEFAULT_ITEM_PERMISSION;
      if (!inTenant(item, ctx.tenantId)) {
        // The caller answers as for an unknown item, so nothing leaks; the log still records the attempt, the
        // metrics do not (an open /metrics would tell an unknown item from another tenant's).
        record?.events.accessDenied(ctx, permission, 'item-of-another-tenant');
        return false;
      }
      if (!roles || roles.allows(ctx.principal, permission)) return true;
      // Inside the caller's tenant a missing permission is refused openly, as tools/call refuses a tool's permission.
      record?.events.accessDenied(ctx, permission, 'missing-permission');
      record?.metrics.accessDenied(ctx.method);
      ctx.http = { ...ctx.http, status: 403 };
      throw new AuthorizationError(`Forbidden: requires the "${permission}" permission`);
    },
  };
}

/** The policy of a server without security stages: tenant scope alone (no principal has a tenant there). */
export const tenantOnlyAccess: AccessPolicy = accessPolicy();
