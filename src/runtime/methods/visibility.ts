import type { AccessFacts } from '../authz/access-facts.js';
import { inTenant } from '../authz/tool-access.js';
import type { RequestContext } from '../pipeline/stage.js';
import type { Visibility } from '../resources/resource-registry.js';
import type { MethodEnv } from './method-spec.js';

/** What a listing shows the caller of resources, resource templates and prompts (tenant and permission). */
export function visibleTo(env: MethodEnv, ctx: RequestContext): Visibility {
  return (item) => env.access.canAccess(item, ctx);
}

/**
 * Whether the caller reaches one item it names (read, subscribe, get, complete): another tenant's item is not there,
 * and a missing permission throws AuthorizationError (logged and counted) out of the registry call.
 */
export function reachableBy(env: MethodEnv, ctx: RequestContext): Visibility {
  return Object.assign((item: AccessFacts) => env.access.authorizeItem(item, ctx), {
    inScope: (item: AccessFacts) => inTenant(item, ctx.tenantId),
  });
}
