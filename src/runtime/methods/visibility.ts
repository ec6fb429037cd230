import { inTenant } from '../authz/tool-access.js';
import type { RequestContext } from '../pipeline/stage.js';
import type { Visibility } from '../resources/resource-registry.js';
import type { MethodEnv } from './method-spec.js';

/**
 * What the caller may see of resources, resource templates and prompts: the security stages decide (tenant and
 * permission), or tenant scoping alone in a server without them. With `deny` set (a single named item is asked for),
 * a refusal for a missing permission is logged and counted under that reason.
 */
export function visibleTo(env: MethodEnv, ctx: RequestContext, deny?: string): Visibility {
  const security = env.security;
  if (!security) return (item) => inTenant(item, ctx.tenantId);
  const options = deny === undefined ? undefined : { deny };
  return (item) => security.canAccess(item, ctx, options);
}
