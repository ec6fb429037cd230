/**
 * The security half of the runtime, built from the server config: authentication, authorization, rate limiting and
 * observability as pipeline stages (SecurityStages), plus the HTTP routes the transport mounts beside the MCP
 * endpoint (`/metrics`, `/.well-known/oauth-protected-resource`).
 */
import type { DestinationStream, Logger } from 'pino';
import { ApiKeyVerifier } from './auth/api-key-verifier.js';
import { authenticateStage } from './auth/authenticate-stage.js';
import { Authenticator } from './auth/authenticator.js';
import { guardRoute } from './auth/route-guard.js';
import { FailedAttemptLimiter } from './auth/failed-attempts.js';
import { JwtVerifier } from './auth/jwt-verifier.js';
import { PasswordVerifier } from './auth/password-verifier.js';
import {
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  protectedResourcePaths,
} from './auth/protected-resource.js';
import { authorizeStage } from './authz/authorize-stage.js';
import { accessPolicy } from './authz/access-policy.js';
import { RolePermissions } from './authz/role-permissions.js';
import { inTenant } from './authz/tool-access.js';
import type { ServeConfig } from './config/serve-config.js';
import { SecurityEvents } from './observability/events.js';
import { createEventLogger } from './observability/logger.js';
import { metricToolLabels } from './observability/metric-tool-label.js';
import { metricsHandler } from './observability/metrics-endpoint.js';
import { SecurityMetrics } from './observability/metrics.js';
import { observeStage } from './observability/observe-stage.js';
import { RequestRecorder } from './observability/request-recorder.js';
import { type ObservableToolList, logToolRegistrations } from './observability/tool-registration-log.js';
import { runtimeTracer } from './observability/tracing.js';
import type { RequestContext, SecurityStages, Stage } from './pipeline/stage.js';
import type { Principal } from './auth/principal.js';
import type { ToolAccessFacts } from './authz/access-facts.js';
import { type Clock, systemClock } from './ratelimit/clock.js';
import { MemoryRateLimitStore } from './ratelimit/memory-store.js';
import { rateLimitStage } from './ratelimit/rate-limit-stage.js';
import { ScopedRateLimiter } from './ratelimit/scoped-limiter.js';
import type { RateLimitStore } from './ratelimit/store.js';
import type { HttpRoute } from './transports/http-route.js';

/** What the security stages need from the rest of the runtime. */
export interface SecurityDeps {
  /** The tool registry (McpToolRegistry fits): access facts for authorization, names for metrics and logs. */
  registry?: ObservableToolList & { getTool(name: string): ToolAccessFacts | undefined };
  /** Open sessions, read when /metrics is scraped. */
  activeSessions?: () => number;
  /** The transport being served: on stdio, logs may not go to stdout (it carries MCP messages). */
  transport?: 'stdio' | 'http';
  /** Environment for the stdio API key (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where log lines go instead of config.logging.destination (tests capture them). */
  logDestination?: DestinationStream;
  rateLimitStore?: RateLimitStore;
  clock?: Clock;
}

/** The security stages plus what the HTTP transport mounts and what the server logs through. */
export interface SecurityRuntime extends SecurityStages {
  /** Extra GET routes by exact path: `/metrics` (when enabled) and the protected-resource metadata (with OAuth). */
  readonly httpRoutes: ReadonlyMap<string, HttpRoute>;
  readonly events: SecurityEvents;
  readonly metrics: SecurityMetrics;
  readonly logger: Logger;
  /** Counts and logs the finished requests not yet recorded (they are recorded in batches, after the responses). */
  flushRecords(): void;
  /** Stops listening to the registry and flushes the log. */
  close(): Promise<void>;
}

const passThrough: Stage = (_ctx, next) => next();

/** Builds the security stages from the config. Throws on settings that cannot work (e.g. stdout logs on stdio). */
export function createSecurityStages(config: ServeConfig, deps: SecurityDeps = {}): SecurityRuntime {
  const clock = deps.clock ?? systemClock;
  if (deps.transport === 'stdio' && config.logging.destination === 'stdout' && !deps.logDestination) {
    throw new Error(
      'logging.destination cannot be stdout on the stdio transport (stdout carries MCP messages)',
    );
  }
  const logger = createEventLogger({
    level: config.logging.level,
    destination: deps.logDestination ?? config.logging.destination,
  });
  const events = new SecurityEvents(logger);
  const lookupTool = (name: string) => deps.registry?.getTool(name);
  // Known to the caller: registered, and global or of the caller's tenant (another tenant's tool is not there).
  const isKnownTool = (name: string, ctx: RequestContext) => {
    const tool = lookupTool(name);
    return tool !== undefined && inTenant(tool, ctx.tenantId);
  };
  const toolLabels = metricToolLabels({
    lookupTool,
    metricsOpen: config.metrics.enabled && config.metrics.permission === undefined,
  });
  const metrics = new SecurityMetrics({
    isKnownTool: toolLabels.isLabel,
    ...(deps.activeSessions ? { activeSessions: deps.activeSessions } : {}),
  });
  const recorder = new RequestRecorder(events, metrics, toolLabels.labelOf);
  const unsubscribe = deps.registry ? logToolRegistrations(deps.registry, events) : () => {};
  const security = config.security;
  const oauth = security?.oauth;
  const resourceMetadataUrl = oauth ? protectedResourceMetadataUrl(oauth.resource) : undefined;
  const roles = new RolePermissions(security?.roles);

  let authenticate = passThrough;
  let authorize = passThrough;
  let authenticator: Authenticator | undefined;
  // One budget per client address for the MCP endpoint and the guarded routes (/metrics) alike, kept in the rate
  // limits' store: with Redis, every instance spends from the same budget, so adding instances adds no guesses.
  const failedAttempts = security?.failedAuthLimit
    ? new FailedAttemptLimiter(
        security.failedAuthLimit,
        deps.rateLimitStore ?? new MemoryRateLimitStore(),
        clock,
      )
    : undefined;
  if (security) {
    const stdioPrincipal: Principal = Object.freeze({
      id: security.stdio.principal,
      ...(security.stdio.tenant === undefined ? {} : { tenantId: security.stdio.tenant }),
      roles: Object.freeze([...security.stdio.roles]),
      via: 'anonymous' as const,
    });
    const stdioKey = (deps.env ?? process.env)[security.stdio.apiKeyEnv];
    authenticator = new Authenticator({
      ...(security.apiKeys.length > 0 ? { apiKeys: new ApiKeyVerifier(security.apiKeys) } : {}),
      ...(security.users.length > 0 ? { passwords: new PasswordVerifier(security.users) } : {}),
      ...(oauth
        ? {
            jwt: new JwtVerifier({
              issuer: oauth.issuer,
              audience: oauth.audience,
              algorithms: oauth.algorithms,
              jwks: oauth.jwks,
              claims: oauth.claims,
              clockToleranceSeconds: oauth.clockToleranceSeconds,
              clock,
            }),
          }
        : {}),
      stdio: {
        authenticate: security.stdio.authenticate,
        principal: stdioPrincipal,
        ...(stdioKey === undefined ? {} : { apiKey: stdioKey }),
      },
    });
    authenticate = authenticateStage({
      authenticator,
      events,
      metrics,
      ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
      ...(failedAttempts ? { failedAttempts } : {}),
    });
    authorize = authorizeStage({
      roles,
      events,
      metrics,
      lookupTool,
      ...(oauth ? { requiredScopes: oauth.requiredScopes } : {}),
      ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
    });
  }

  const rateLimit = config.rateLimit
    ? rateLimitStage({
        limiter: new ScopedRateLimiter({
          limits: config.rateLimit.limits,
          store:
            deps.rateLimitStore ??
            new MemoryRateLimitStore(
              config.rateLimit.maxBuckets ? { maxBuckets: config.rateLimit.maxBuckets } : {},
            ),
          clock,
          ...(config.rateLimit.toolBuckets ? { toolBuckets: config.rateLimit.toolBuckets } : {}),
        }),
        events,
        metrics,
        isKnownTool,
      })
    : passThrough;

  const httpRoutes = new Map<string, HttpRoute>();
  if (config.metrics.enabled) {
    const path = config.metrics.path;
    const permission = config.metrics.permission;
    // Requests recorded in the current batch are counted before the scrape reads the registry.
    const route = metricsHandler(metrics, () => recorder.flush());
    httpRoutes.set(
      path,
      permission !== undefined && authenticator
        ? guardRoute(route, {
            path,
            permission,
            authenticator,
            roles,
            events,
            metrics,
            ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
            ...(failedAttempts ? { failedAttempts } : {}),
          })
        : route,
    );
  }
  if (oauth) {
    const body = JSON.stringify(protectedResourceMetadata(oauth));
    const route: HttpRoute = (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      // Public metadata that browser-based clients fetch cross-origin.
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': '*',
        'Cache-Control': 'max-age=300',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    for (const path of protectedResourcePaths(oauth.resource)) httpRoutes.set(path, route);
  }

  return {
    observe: observeStage({ recorder, tracer: runtimeTracer() }),
    authenticate,
    authorize,
    rateLimit,
    ...accessPolicy({ ...(security ? { roles } : {}), record: { events, metrics } }),
    httpRoutes,
    events,
    metrics,
    logger,
    flushRecords: () => recorder.flush(),
    close: async () => {
      unsubscribe();
      recorder.flush();
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
    },
  };
}
