/**
 * The authorization stage: the principal's roles must grant the permission the method (or the called tool) needs,
 * a tool of another tenant does not exist for the caller, and bearer tokens must carry the required scopes.
 * Every refusal is logged and counted.
 */
import { AuthorizationError } from '../errors/mcp-error.js';
import { bearerChallenge } from '../auth/challenge.js';
import type { SecurityEvents } from '../observability/events.js';
import type { SecurityMetrics } from '../observability/metrics.js';
import type { RequestContext, Stage } from '../pipeline/stage.js';
import type { ToolAccessFacts } from './access-facts.js';
import { calledToolName } from '../context/called-tool.js';
import { requiredPermission } from './method-permissions.js';
import type { RolePermissions } from './role-permissions.js';
import { inToolTenant } from './tool-access.js';

export interface AuthorizeStageOptions {
  roles: RolePermissions;
  events: SecurityEvents;
  metrics: SecurityMetrics;
  /** The access facts of a registered tool (undefined: unknown, the registry will answer "unknown tool"). */
  lookupTool: (name: string) => ToolAccessFacts | undefined;
  /** OAuth scopes every bearer token must carry. */
  requiredScopes?: readonly string[];
  resourceMetadataUrl?: string;
}

/** Builds the authorization stage. */
export function authorizeStage(options: AuthorizeStageOptions): Stage {
  const { roles, events, metrics, lookupTool, resourceMetadataUrl } = options;
  const requiredScopes = options.requiredScopes ?? [];
  const deny = (ctx: RequestContext, permission: string | undefined, reason: string) => {
    events.accessDenied(ctx, permission, reason);
    metrics.accessDenied(ctx.method);
  };
  // Not an async function: every decision is synchronous, so the stage adds no promise of its own.
  return (ctx, next) => {
    const principal = ctx.principal;
    if (principal?.via === 'jwt' && requiredScopes.length > 0) {
      const granted = new Set(principal.scopes ?? []);
      if (!requiredScopes.every((scope) => granted.has(scope))) {
        deny(ctx, undefined, 'insufficient-scope');
        const challenge = bearerChallenge({
          ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
          error: 'insufficient_scope',
          scope: requiredScopes,
        });
        ctx.http = {
          ...ctx.http,
          status: 403,
          headers: { ...ctx.http?.headers, 'WWW-Authenticate': challenge },
        };
        return Promise.reject(
          new AuthorizationError('Forbidden: insufficient_scope', { requiredScopes: [...requiredScopes] }),
        );
      }
    }
    let toolPermission: string | undefined;
    const toolName = calledToolName(ctx);
    if (toolName !== undefined) {
      const tool = lookupTool(toolName);
      if (tool && !inToolTenant(tool, ctx.tenantId)) {
        // Another tenant's tool goes on exactly as a tool that does not exist: the same permission, the same rate
        // limit bucket, and "Unknown tool" from the method, whichever stage answers first, so its name does not leak.
        // The attempt is logged for operators, not counted in the metrics (an open /metrics would tell).
        events.accessDenied(ctx, tool.permission ?? 'execute', 'tool-of-another-tenant');
      } else toolPermission = tool?.permission;
    }
    const permission = requiredPermission(ctx.method, toolPermission);
    if (permission !== undefined && !roles.allows(principal, permission)) {
      deny(ctx, permission, 'missing-permission');
      ctx.http = { ...ctx.http, status: 403 };
      return Promise.reject(new AuthorizationError(`Forbidden: requires the "${permission}" permission`));
    }
    return next();
  };
}
