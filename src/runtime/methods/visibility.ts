import { inTenant } from '../authz/tool-access.js';
import type { RequestContext } from '../pipeline/stage.js';
import type { AccessFacts } from '../authz/access-facts.js';
import type { Visibility } from '../resources/resource-registry.js';
import type { MethodEnv } from './method-spec.js';

/**
 * What a listing shows the caller of resources, resource templates and prompts: the security stages decide (tenant
 * and permission), or tenant scoping alone in a server without them (no principal has a tenant there, so only global
 * items are listed).
 */
export function visibleTo(env: MethodEnv, ctx: RequestContext): Visibility {
  const security = env.security;
  if (!security) return (item) => inTenant(item, ctx.tenantId);
  return (item) => security.canAccess(item, ctx);
}

/**
 * Whether the caller reaches one item it names (read, subscribe, get, complete): another tenant's item is not there,
 * and a missing permission throws AuthorizationError (logged and counted) out of the registry call.
 */
export function reachableBy(env: MethodEnv, ctx: RequestContext): Visibility {
  const security = env.security;
  if (!security) return (item) => inTenant(item, ctx.tenantId);
  return Object.assign((item: AccessFacts) => security.authorizeItem(item, ctx), {
    inScope: (item: AccessFacts) => inTenant(item, ctx.tenantId),
  });
}
