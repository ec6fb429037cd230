/**
 * Access to resources, resource templates and prompts, the way tools have it: an item of another tenant does not exist
 * for the caller, and an item needs its own permission (default `read`, what `resources/*` and `prompts/*` need).
 */
import { AuthorizationError } from '../errors/mcp-error.js';
import type { SecurityEvents } from '../observability/events.js';
import type { SecurityMetrics } from '../observability/metrics.js';
import type { RequestContext, SecurityStages } from '../pipeline/stage.js';
import type { RolePermissions } from './role-permissions.js';
import { canAccess, inTenant } from './tool-access.js';

/** The permission an item needs when it declares none. */
const DEFAULT_ITEM_PERMISSION = 'read';

export interface ItemAccessOptions {
  /** The configured roles; undefined in a server without a `security` section, where tenant scoping alone decides. */
  roles: RolePermissions | undefined;
  events: SecurityEvents;
  metrics: SecurityMetrics;
}

/** Builds `canAccess` (listings) and `authorizeItem` (requests naming one item) of SecurityStages. */
export function itemAccess(options: ItemAccessOptions): Pick<SecurityStages, 'canAccess' | 'authorizeItem'> {
  const { roles, events, metrics } = options;
  const deny = (ctx: RequestContext, permission: string, reason: string) => {
    events.accessDenied(ctx, permission, reason);
    metrics.accessDenied(ctx.method);
  };
  return {
    canAccess: (item, ctx) =>
      roles
        ? canAccess(roles, item, ctx.principal, ctx.tenantId, DEFAULT_ITEM_PERMISSION)
        : inTenant(item, ctx.tenantId),
    authorizeItem: (item, ctx) => {
      const permission = item.permission ?? DEFAULT_ITEM_PERMISSION;
      if (!inTenant(item, ctx.tenantId)) {
        // The caller answers as for an unknown item, so nothing leaks; the log still records the attempt, the
        // metrics do not (an open /metrics would tell an unknown item from another tenant's).
        events.accessDenied(ctx, permission, 'item-of-another-tenant');
        return false;
      }
      if (!roles || roles.allows(ctx.principal, permission)) return true;
      // Inside the caller's tenant a missing permission is refused openly, as tools/call refuses a tool's permission.
      deny(ctx, permission, 'missing-permission');
      ctx.http = { ...ctx.http, status: 403 };
      throw new AuthorizationError(`Forbidden: requires the "${permission}" permission`);
    },
  };
}
