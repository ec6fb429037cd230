/**
 * Turns a schema-valid config document into a ServerConfig: defaults filled in, the seed's bare key list turned into
 * keys with role `user`, and the checks a schema cannot express (every role a key names exists; the JWKS file holds
 * keys). Problems are collected, not thrown one by one, so the user sees them all at once.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { ApiKeyRecord } from '../auth/api-key-verifier.js';
import type { PasswordUser } from '../auth/password-verifier.js';
import { DEFAULT_ROLES } from '../authz/role-permissions.js';
import type { LogLevelName } from '../observability/logger.js';
import type { RateLimitScope } from '../ratelimit/scoped-limiter.js';
import type { BucketLimit } from '../ratelimit/store.js';
import type { UnavailablePolicy } from '../store/store-unavailable.js';
import type {
  OAuthConfig,
  RateLimitConfig,
  RedisStoreConfig,
  SecurityConfig,
  ServerConfig,
} from './server-config.js';
import type { ConfigIssue } from './validate.js';

type Raw = Record<string, unknown>;
type Path = (string | number)[];

/** Where relative paths in the config (jwks_file) are resolved from. */
export interface NormalizeOptions {
  baseDir: string;
}

/** The normalised config, or the problems that prevent it. */
export function normalizeConfig(
  doc: Raw,
  options: NormalizeOptions,
): { config?: ServerConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const problem = (path: Path, message: string) => issues.push({ path, message });
  const server = (doc['server'] ?? {}) as Raw;
  const http = server['http'] as Raw | undefined;
  const logging = (doc['logging'] ?? {}) as Raw;
  const metrics = (doc['metrics'] ?? {}) as Raw;
  const config: ServerConfig = {
    server: {
      ...(typeof server['name'] === 'string' ? { name: server['name'] } : {}),
      ...(typeof server['version'] === 'string' ? { version: server['version'] } : {}),
      ...(typeof server['tool_timeout_ms'] === 'number' ? { toolTimeoutMs: server['tool_timeout_ms'] } : {}),
      ...(http ? { http: normalizeHttp(http) } : {}),
    },
    logging: {
      level: (logging['level'] as LogLevelName | undefined) ?? 'info',
      destination: resolveDestination(
        (logging['destination'] as string | undefined) ?? 'stderr',
        options.baseDir,
      ),
    },
    metrics: {
      enabled: (metrics['enabled'] as boolean | undefined) ?? true,
      path: (metrics['path'] as string | undefined) ?? '/metrics',
      ...(typeof metrics['permission'] === 'string' ? { permission: metrics['permission'] } : {}),
    },
  };
  if (config.metrics.permission !== undefined && doc['security'] === undefined) {
    problem(['metrics', 'permission'], 'needs a security section to authenticate scrapers with');
  }
  if (doc['security'] !== undefined)
    config.security = normalizeSecurity(doc['security'] as Raw, options, problem);
  if (doc['rate_limit'] !== undefined) config.rateLimit = normalizeRateLimit(doc['rate_limit'] as Raw);
  const redis = (doc['store'] as Raw | undefined)?.['redis'] as Raw | undefined;
  if (redis !== undefined) config.store = { redis: normalizeRedisStore(redis, problem) };
  return issues.length > 0 ? { issues } : { config, issues };
}

function normalizeHttp(http: Raw): NonNullable<ServerConfig['server']['http']> {
  return {
    ...(http['host'] === undefined ? {} : { host: http['host'] as string }),
    ...(http['port'] === undefined ? {} : { port: http['port'] as number }),
    ...(http['path'] === undefined ? {} : { path: http['path'] as string }),
    ...(http['allowed_origins'] === undefined ? {} : { allowedOrigins: http['allowed_origins'] as string[] }),
    ...(http['max_body_bytes'] === undefined ? {} : { maxBodyBytes: http['max_body_bytes'] as number }),
    ...(http['max_buffered_body_bytes'] === undefined
      ? {}
      : { maxBufferedBodyBytes: http['max_buffered_body_bytes'] as number }),
    ...(http['max_connections'] === undefined ? {} : { maxConnections: http['max_connections'] as number }),
  };
}

function resolveDestination(destination: string, baseDir: string): string {
  if (destination === 'stderr' || destination === 'stdout') return destination;
  return isAbsolute(destination) ? destination : resolve(baseDir, destination);
}

function normalizeSecurity(
  raw: Raw,
  options: NormalizeOptions,
  problem: (path: Path, message: string) => void,
): SecurityConfig {
  const roles = (raw['roles'] as Record<string, string[]> | undefined) ?? copyRoles(DEFAULT_ROLES);
  const checkRoles = (list: string[], path: Path) =>
    list.forEach((role, i) => {
      if (!Object.hasOwn(roles, role))
        problem(
          [...path, i],
          `unknown role "${role}" (defined roles: ${Object.keys(roles).sort().join(', ') || 'none'})`,
        );
    });

  const apiKeys: ApiKeyRecord[] = ((raw['api_keys'] as unknown[] | undefined) ?? []).map((entry, i) => {
    if (typeof entry === 'string') {
      // The seed's bare list of digests: each becomes a key with role `user`, named by a short digest prefix.
      const name = `key-${entry.slice('sha256:'.length, 'sha256:'.length + 12)}`;
      checkRoles(['user'], ['security', 'api_keys', i, 'roles']);
      return { id: name, digest: entry, principal: name, roles: ['user'] };
    }
    const key = entry as Raw;
    const keyRoles = (key['roles'] as string[] | undefined) ?? ['user'];
    checkRoles(keyRoles, ['security', 'api_keys', i, 'roles']);
    return {
      id: key['id'] as string,
      digest: key['hash'] as string,
      principal: (key['principal'] as string | undefined) ?? (key['id'] as string),
      ...(key['tenant'] === undefined ? {} : { tenant: key['tenant'] as string }),
      roles: keyRoles,
    };
  });
  findDuplicates(apiKeys.map((k) => k.digest)).forEach((i) =>
    problem(['security', 'api_keys', i], 'the same key hash is listed twice'),
  );
  findDuplicates(apiKeys.map((k) => k.id)).forEach((i) =>
    problem(['security', 'api_keys', i, 'id'], 'the same key id is listed twice'),
  );

  const users: PasswordUser[] = ((raw['users'] as Raw[] | undefined) ?? []).map((user, i) => {
    const userRoles = (user['roles'] as string[] | undefined) ?? ['user'];
    checkRoles(userRoles, ['security', 'users', i, 'roles']);
    return {
      username: user['username'] as string,
      passwordHash: user['password_hash'] as string,
      ...(user['principal'] === undefined ? {} : { principal: user['principal'] as string }),
      ...(user['tenant'] === undefined ? {} : { tenant: user['tenant'] as string }),
      roles: userRoles,
    };
  });
  findDuplicates(users.map((u) => u.username)).forEach((i) =>
    problem(['security', 'users', i, 'username'], 'the same user is listed twice'),
  );

  const stdioRaw = (raw['stdio'] ?? {}) as Raw;
  const stdioRoles = stdioRaw['roles'] as string[] | undefined;
  if (stdioRoles) checkRoles(stdioRoles, ['security', 'stdio', 'roles']);
  else if (!Object.hasOwn(roles, 'admin') && stdioRaw['authenticate'] !== true) {
    problem(
      ['security', 'stdio', 'roles'],
      'is required when no "admin" role is defined (stdio requests run as a local principal)',
    );
  }

  const security: SecurityConfig = {
    apiKeys,
    users,
    roles,
    stdio: {
      authenticate: (stdioRaw['authenticate'] as boolean | undefined) ?? false,
      apiKeyEnv: (stdioRaw['api_key_env'] as string | undefined) ?? 'SAFEGUARD_API_KEY',
      principal: (stdioRaw['principal'] as string | undefined) ?? 'local',
      ...(stdioRaw['tenant'] === undefined ? {} : { tenant: stdioRaw['tenant'] as string }),
      roles: stdioRoles ?? ['admin'],
    },
  };
  const failedAuth = raw['failed_auth_limit'] as Raw | undefined;
  if (failedAuth) {
    const rpm = failedAuth['requests_per_minute'] as number;
    security.failedAuthLimit = {
      refillPerMinute: rpm,
      capacity: (failedAuth['burst'] as number | undefined) ?? rpm,
    };
  }
  if (raw['oauth'] !== undefined) {
    const oauth = normalizeOAuth(raw['oauth'] as Raw, options, problem);
    if (oauth) security.oauth = oauth;
  }
  if (apiKeys.length === 0 && users.length === 0 && raw['oauth'] === undefined) {
    problem(
      ['security'],
      'configures no way to authenticate: add api_keys, users or oauth (or remove the section)',
    );
  }
  return security;
}

function normalizeOAuth(
  raw: Raw,
  options: NormalizeOptions,
  problem: (path: Path, message: string) => void,
): OAuthConfig | undefined {
  let jwks: JSONWebKeySet | URL | undefined;
  if (typeof raw['jwks_url'] === 'string') {
    const url = new URL(raw['jwks_url']);
    // Keys fetched over plain HTTP could be swapped in transit; only loopback (tests, sidecars) may skip TLS.
    if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      problem(['security', 'oauth', 'jwks_url'], 'must use https (plain http only on loopback)');
    }
    jwks = url;
  } else {
    jwks = readJwksFile(resolve(options.baseDir, raw['jwks_file'] as string), problem);
  }
  if (!jwks) return undefined;
  const claims = (raw['claims'] ?? {}) as Raw;
  const issuer = raw['issuer'] as string;
  const resource = raw['resource'] as string;
  return {
    issuer,
    resource,
    audience: (raw['audience'] as string[] | undefined) ?? [resource],
    authorizationServers: (raw['authorization_servers'] as string[] | undefined) ?? [issuer],
    jwks,
    algorithms: raw['algorithms'] as string[],
    scopesSupported: (raw['scopes_supported'] as string[] | undefined) ?? [],
    requiredScopes: (raw['required_scopes'] as string[] | undefined) ?? [],
    claims: {
      principal: (claims['principal'] as string | undefined) ?? 'sub',
      tenant: (claims['tenant'] as string | undefined) ?? 'tenant',
      roles: (claims['roles'] as string | undefined) ?? 'roles',
    },
    clockToleranceSeconds: (raw['clock_tolerance_seconds'] as number | undefined) ?? 5,
  };
}

function readJwksFile(
  path: string,
  problem: (path: Path, message: string) => void,
): JSONWebKeySet | undefined {
  const field: Path = ['security', 'oauth', 'jwks_file'];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not a readable JSON file';
    problem(field, `${reason}: ${path}`);
    return undefined;
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.some((k) => typeof k !== 'object' || k === null)) {
    problem(field, 'must be a JWKS: {"keys": [ … ]} with at least one key');
    return undefined;
  }
  if (keys.some((k) => 'd' in (k as object))) {
    // A private key in the resource server's key set means the signing key has been copied where it does not belong.
    problem(field, 'contains a private key ("d"); publish only public keys');
    return undefined;
  }
  return parsed as JSONWebKeySet;
}

function normalizeRateLimit(raw: Raw): RateLimitConfig {
  const base: BucketLimit = {
    refillPerMinute: raw['requests_per_minute'] as number,
    capacity: (raw['burst'] as number | undefined) ?? (raw['requests_per_minute'] as number),
  };
  const per = (raw['per'] as RateLimitScope[] | undefined) ?? ['principal'];
  const overrides = (raw['limits'] ?? {}) as Partial<Record<RateLimitScope, Raw>>;
  const limits: Partial<Record<RateLimitScope, BucketLimit>> = {};
  for (const scope of per) limits[scope] = base;
  for (const [scope, override] of Object.entries(overrides) as [RateLimitScope, Raw][]) {
    const rpm = override['requests_per_minute'] as number;
    limits[scope] = { refillPerMinute: rpm, capacity: (override['burst'] as number | undefined) ?? rpm };
  }
  return {
    limits,
    ...(raw['max_buckets'] === undefined ? {} : { maxBuckets: raw['max_buckets'] as number }),
    ...(raw['tool_buckets'] === undefined ? {} : { toolBuckets: raw['tool_buckets'] as 'tenant' | 'global' }),
  };
}

function normalizeRedisStore(raw: Raw, problem: (path: Path, message: string) => void): RedisStoreConfig {
  const url = raw['url'] as string;
  // The schema checks the scheme; the rest of the URL (host, port, credentials) must parse too.
  if (!URL.canParse(url) || new URL(url).hostname === '')
    problem(['store', 'redis', 'url'], 'must be a redis:// or rediss:// URL with a host');
  return {
    url,
    keyPrefix: (raw['key_prefix'] as string | undefined) ?? 'safeguard:',
    onUnavailable: (raw['on_unavailable'] as UnavailablePolicy | undefined) ?? 'refuse',
    timeoutMs: (raw['timeout_ms'] as number | undefined) ?? 1_000,
  };
}

function copyRoles(roles: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(roles).map(([role, permissions]) => [role, [...permissions]]));
}

/** Indexes of entries equal to an earlier one. */
function findDuplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((value, i) => {
    if (seen.has(value)) out.push(i);
    seen.add(value);
  });
  return out;
}
