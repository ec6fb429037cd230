/**
 * The `safeguard serve --config` file, defined once: its fields with their bounds and defaults, and the runtime value
 * each section becomes. ServeConfig and its parts are inferred from it, and docs/serve-config.schema.json is
 * generated from it (serve-config-json-schema.ts); only the checks a schema cannot express are written by hand, in
 * semantic-checks.ts. Field names are snake_case as in the seed; unknown fields are errors everywhere, so a typo never
 * silently turns a protection off.
 */
import { z } from 'zod';
import type { ApiKeyRecord } from '../auth/api-key-verifier.js';
import type { PasswordUser } from '../auth/password-verifier.js';
import type { BucketLimit } from '../ratelimit/store.js';
import { noDuplicates } from '../../shared/structured-file/issue-messages.js';
import {
  checkJwksUrl,
  checkRedisUrl,
  checkSecurity,
  type IssueReporter,
  readJwksFile,
  resolveDestination,
} from './semantic-checks.js';

const identifier = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/);
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/);
const positiveInteger = z.int().min(1).max(1_000_000_000);
const text = z.string().min(1);
const urlPath = z.string().regex(/^\//);
const uniqueList = <Item extends z.ZodType>(item: Item) =>
  z
    .array(item)
    .refine((list) => new Set(list).size === list.length, noDuplicates)
    .meta({ uniqueItems: true });
const roleList = uniqueList(identifier);

const bucketLimit = z
  .strictObject({ requests_per_minute: positiveInteger, burst: positiveInteger.optional() })
  .transform(({ requests_per_minute: perMinute, burst }): BucketLimit => ({
    refillPerMinute: perMinute,
    capacity: burst ?? perMinute,
  }));

const httpSection = z
  .strictObject({
    host: text.optional(),
    port: z.int().min(0).max(65535).optional(),
    path: urlPath.optional(),
    allowed_origins: z.array(text).optional(),
    max_body_bytes: positiveInteger.optional(),
    max_buffered_body_bytes: positiveInteger
      .optional()
      .describe('Request-body bytes held at once across all requests being received.'),
    max_connections: positiveInteger.optional(),
  })
  .transform((http) =>
    compact({
      host: http.host,
      port: http.port,
      path: http.path,
      allowedOrigins: http.allowed_origins,
      maxBodyBytes: http.max_body_bytes,
      maxBufferedBodyBytes: http.max_buffered_body_bytes,
      maxConnections: http.max_connections,
    }),
  );

const serverSection = z
  .strictObject({
    name: text.optional(),
    version: text.optional(),
    tool_timeout_ms: z
      .int()
      .min(0)
      .max(86_400_000)
      .optional()
      .describe('Time limit of tool calls whose tool declares none (0: none; default 60 000).'),
    http: httpSection.optional(),
    max_sessions: positiveInteger
      .optional()
      .describe(
        'Sessions held at once (default 10 000); when full, the tenant holding the most gives up its least recently used.',
      ),
    max_sessions_per_principal: positiveInteger
      .optional()
      .describe('Sessions of one principal (default 1000); opening one more ends its least recently used.'),
    max_listen_streams: positiveInteger
      .optional()
      .describe(
        'subscriptions/listen streams open at once (default 1000); when full, the tenant holding the most gives way.',
      ),
    max_listen_streams_per_principal: positiveInteger
      .optional()
      .describe('subscriptions/listen streams of one principal (default 10); more are refused.'),
  })
  .transform((server) =>
    compact({
      name: server.name,
      version: server.version,
      toolTimeoutMs: server.tool_timeout_ms,
      http: server.http,
      maxSessions: server.max_sessions,
      maxSessionsPerPrincipal: server.max_sessions_per_principal,
      maxSubscriptions: server.max_listen_streams,
      maxSubscriptionsPerPrincipal: server.max_listen_streams_per_principal,
    }),
  );

/** A key entry: the seed's bare digest (a key with role `user`, named by a digest prefix), or a described key. */
const apiKeyEntry = z.union([
  digest.transform((hash): ApiKeyRecord => {
    const name = `key-${hash.slice('sha256:'.length, 'sha256:'.length + 12)}`;
    return { id: name, digest: hash, principal: name, roles: ['user'] };
  }),
  z
    .strictObject({
      id: identifier,
      hash: digest,
      principal: identifier.optional(),
      tenant: identifier.optional(),
      roles: roleList.optional(),
    })
    .transform((key): ApiKeyRecord =>
      compact({
        id: key.id,
        digest: key.hash,
        principal: key.principal ?? key.id,
        tenant: key.tenant,
        roles: key.roles ?? ['user'],
      }),
    ),
]);

const userEntry = z
  .strictObject({
    username: identifier,
    password_hash: z.string().regex(/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/),
    principal: identifier.optional(),
    tenant: identifier.optional(),
    roles: roleList.optional(),
  })
  .transform((user): PasswordUser =>
    compact({
      username: user.username,
      passwordHash: user.password_hash,
      principal: user.principal,
      tenant: user.tenant,
      roles: user.roles ?? ['user'],
    }),
  );

const SIGNING_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

const oauthSection = (baseDir: string) =>
  z
    .strictObject({
      issuer: z.url(),
      resource: z.url().describe("This server's canonical resource URI (RFC 8707/9728)."),
      audience: z.array(text).min(1).optional().describe('Accepted `aud` values (default: the resource).'),
      authorization_servers: z.array(z.url()).optional().describe('Advertised (default: the issuer).'),
      jwks_file: text.optional(),
      jwks_url: z.url().optional(),
      algorithms: uniqueList(z.enum(SIGNING_ALGORITHMS)).min(1),
      scopes_supported: z.array(text).optional(),
      required_scopes: z
        .array(text)
        .optional()
        .describe('Scopes every token must carry; a token without them gets 403 insufficient_scope.'),
      claims: z
        .strictObject({
          principal: identifier.default('sub'),
          tenant: identifier.default('tenant'),
          roles: identifier.default('roles'),
        })
        .prefault({}),
      clock_tolerance_seconds: z.int().min(0).max(300).default(5),
    })
    .refine(
      (oauth) => (oauth.jwks_file === undefined) !== (oauth.jwks_url === undefined),
      'needs exactly one of jwks_file or jwks_url',
    )
    .meta({ oneOf: [{ required: ['jwks_file'] }, { required: ['jwks_url'] }] })
    .transform((oauth, ctx) => {
      const report = reporter(ctx);
      const jwks =
        oauth.jwks_url === undefined
          ? readJwksFile(oauth.jwks_file ?? '', baseDir, ['jwks_file'], report)
          : checkJwksUrl(oauth.jwks_url, ['jwks_url'], report);
      if (!jwks) return z.NEVER; // the problem is reported; no config comes out of this parse
      return {
        issuer: oauth.issuer,
        resource: oauth.resource,
        audience: oauth.audience ?? [oauth.resource],
        authorizationServers: oauth.authorization_servers ?? [oauth.issuer],
        jwks,
        algorithms: oauth.algorithms,
        scopesSupported: oauth.scopes_supported ?? [],
        requiredScopes: oauth.required_scopes ?? [],
        claims: oauth.claims,
        clockToleranceSeconds: oauth.clock_tolerance_seconds,
      };
    });

const securitySection = (baseDir: string) =>
  z
    .strictObject({
      api_keys: z.array(apiKeyEntry).default([]),
      users: z.array(userEntry).default([]),
      oauth: oauthSection(baseDir).optional(),
      roles: z
        .record(identifier, uniqueList(z.string().min(1).max(200)))
        .optional()
        .describe('Role name -> permissions (default: admin ["*"], user ["read", "execute"]).'),
      failed_auth_limit: bucketLimit
        .optional()
        .describe('Failed authentications allowed per client address (absent: not limited).'),
      stdio: z
        .strictObject({
          authenticate: z
            .boolean()
            .default(false)
            .describe('Off by default: on stdio the process runs for the user who started it.'),
          api_key_env: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
            .default('SAFEGUARD_API_KEY'),
          principal: identifier.default('local'),
          tenant: identifier.optional(),
          roles: roleList.optional().describe('Required when no "admin" role is defined (default [admin]).'),
        })
        .prefault({}),
    })
    .transform((security, ctx) => {
      const roles = checkSecurity(security, reporter(ctx));
      const { stdio } = security;
      return compact({
        apiKeys: security.api_keys,
        users: security.users,
        roles,
        stdio: compact({
          authenticate: stdio.authenticate,
          apiKeyEnv: stdio.api_key_env,
          principal: stdio.principal,
          tenant: stdio.tenant,
          roles: stdio.roles ?? ['admin'],
        }),
        failedAuthLimit: security.failed_auth_limit,
        oauth: security.oauth,
      });
    });

const RATE_LIMIT_SCOPES = ['principal', 'tenant', 'tool'] as const;

const rateLimitSection = z
  .strictObject({
    requests_per_minute: positiveInteger.describe('Sustained rate of every limited scope.'),
    burst: positiveInteger.optional().describe('Bucket size (default: requests_per_minute).'),
    per: uniqueList(z.enum(RATE_LIMIT_SCOPES)).default(['principal']),
    limits: z
      .strictObject({
        principal: bucketLimit.optional(),
        tenant: bucketLimit.optional(),
        tool: bucketLimit.optional(),
      })
      .default({})
      .describe('Per-scope overrides.'),
    max_buckets: positiveInteger.optional().describe('Memory bound of the in-memory store.'),
    tool_buckets: z
      .enum(['tenant', 'global'])
      .optional()
      .describe(
        'tenant (default): a bucket per tenant and tool; global: one per tool shared by every tenant.',
      ),
  })
  .transform((rate) => {
    const base: BucketLimit = {
      refillPerMinute: rate.requests_per_minute,
      capacity: rate.burst ?? rate.requests_per_minute,
    };
    const limits: Partial<Record<(typeof RATE_LIMIT_SCOPES)[number], BucketLimit>> = {};
    for (const scope of rate.per) limits[scope] = base;
    for (const scope of RATE_LIMIT_SCOPES) {
      const override = rate.limits[scope];
      if (override) limits[scope] = override;
    }
    return compact({ limits, maxBuckets: rate.max_buckets, toolBuckets: rate.tool_buckets });
  });

const redisSection = z
  .strictObject({
    url: z
      .string()
      .regex(/^rediss?:\/\//)
      .describe('redis:// or rediss:// (TLS); user:password@ when needed.'),
    key_prefix: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._:{}/-]+$/)
      .default('safeguard:')
      .describe('Prefix of every key and of the pub/sub channel.'),
    on_unavailable: z
      .enum(['refuse', 'memory'])
      .default('refuse')
      .describe('While Redis is unreachable: answer 503 (refuse) or serve as a single instance (memory).'),
    timeout_ms: z
      .int()
      .min(10)
      .max(60_000)
      .default(1_000)
      .describe('How long a Redis command may take before Redis counts as unreachable.'),
  })
  .transform((redis, ctx) => {
    checkRedisUrl(redis.url, ['url'], reporter(ctx));
    return {
      url: redis.url,
      keyPrefix: redis.key_prefix,
      onUnavailable: redis.on_unavailable,
      timeoutMs: redis.timeout_ms,
    };
  });

const loggingSection = (baseDir: string) =>
  z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      destination: text
        .default('stderr')
        .describe('stderr, stdout, or a file path (relative to the config file).'),
    })
    .prefault({})
    .transform((logging) => ({
      level: logging.level,
      destination: resolveDestination(logging.destination, baseDir),
    }));

const metricsSection = z
  .strictObject({
    enabled: z.boolean().default(true),
    path: urlPath.default('/metrics'),
    permission: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('When set, scraping needs credentials whose roles grant it (needs a security section).'),
  })
  .prefault({})
  .transform((metrics) => compact(metrics));

/**
 * The schema of a serve config whose relative paths (`logging.destination`, `security.oauth.jwks_file`) are resolved
 * against `baseDir`, the directory of the config file.
 */
export function serveConfigSchema(baseDir: string) {
  return z
    .strictObject({
      server: serverSection.prefault({}),
      security: securitySection(baseDir)
        .optional()
        .describe(
          'Absent: a bare server with no authentication (fine on stdio and for the conformance suite).',
        ),
      rate_limit: rateLimitSection.optional().describe('Absent: no limit.'),
      store: z
        .strictObject({ redis: redisSection.optional() })
        .optional()
        .describe("Absent: rate limits and sessions live in this process's memory."),
      logging: loggingSection(baseDir),
      metrics: metricsSection,
    })
    .transform((config, ctx) => {
      if (config.metrics.permission !== undefined && config.security === undefined) {
        reporter(ctx)(['metrics', 'permission'], 'needs a security section to authenticate scrapers with');
      }
      return compact({
        server: config.server,
        security: config.security,
        rateLimit: config.rate_limit,
        store: config.store?.redis === undefined ? undefined : { redis: config.store.redis },
        logging: config.logging,
        metrics: config.metrics,
      });
    });
}

/** The validated serve config that `safeguard serve` builds the runtime from. */
export type ServeConfig = z.output<ReturnType<typeof serveConfigSchema>>;
export type HttpServerConfig = z.output<typeof httpSection>;
export type SecurityConfig = NonNullable<ServeConfig['security']>;
export type OAuthConfig = NonNullable<SecurityConfig['oauth']>;
export type RateLimitConfig = NonNullable<ServeConfig['rateLimit']>;
/** Rate limits, sessions and notifications shared by every instance using the same Redis and key prefix. */
export type RedisStoreConfig = z.output<typeof redisSection>;

/** Reports a problem found by a hand-written check at a path under the value being checked. */
function reporter(ctx: z.core.$RefinementCtx): IssueReporter {
  return (path, message) => ctx.addIssue({ code: 'custom', message, path: [...path] });
}

/** `T` with the keys that may be undefined made optional instead, as compact() leaves them out. */
type Compacted<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & { [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> };

/**
 * Leaves out the keys whose value is undefined: an absent field stays absent in the runtime's config, so that
 * spreading it over defaults never replaces a default with undefined.
 */
function compact<T extends object>(value: T): Compacted<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Compacted<T>;
}
