/** The validated, normalised server configuration that the runtime is built from. */
import type { JSONWebKeySet } from 'jose';
import type { ApiKeyRecord } from '../auth/api-key-verifier.js';
import type { JwtClaimNames } from '../auth/jwt-verifier.js';
import type { PasswordUser } from '../auth/password-verifier.js';
import type { LogLevelName } from '../observability/logger.js';
import type { RateLimitScope } from '../ratelimit/scoped-limiter.js';
import type { BucketLimit } from '../ratelimit/store.js';
import type { UnavailablePolicy } from '../store/store-unavailable.js';

export interface HttpServerConfig {
  host?: string;
  port?: number;
  path?: string;
  allowedOrigins?: string[];
  maxBodyBytes?: number;
  /** Request-body bytes held at once across all requests being received (HttpTransportOptions). */
  maxBufferedBodyBytes?: number;
  maxConnections?: number;
}

export interface OAuthConfig {
  issuer: string;
  /** This server's canonical resource URI (RFC 8707/9728). */
  resource: string;
  /** Accepted `aud` values; the resource URI unless configured. */
  audience: string[];
  /** Advertised in the protected-resource metadata; the issuer unless configured. */
  authorizationServers: string[];
  jwks: JSONWebKeySet | URL;
  algorithms: string[];
  scopesSupported: string[];
  /** Scopes every token must carry; a token without them gets 403 insufficient_scope. */
  requiredScopes: string[];
  claims: JwtClaimNames;
  clockToleranceSeconds: number;
}

export interface StdioSecurityConfig {
  /** Off by default: on stdio the process runs for the user who started it. */
  authenticate: boolean;
  /** The environment variable holding the API key when `authenticate` is on. */
  apiKeyEnv: string;
  /** Who stdio requests run as when `authenticate` is off. */
  principal: string;
  tenant?: string;
  roles: string[];
}

export interface SecurityConfig {
  apiKeys: ApiKeyRecord[];
  users: PasswordUser[];
  oauth?: OAuthConfig;
  roles: Record<string, string[]>;
  stdio: StdioSecurityConfig;
  /** Failed authentications allowed per client address (absent: not limited). */
  failedAuthLimit?: BucketLimit;
}

export interface RateLimitConfig {
  limits: Partial<Record<RateLimitScope, BucketLimit>>;
  maxBuckets?: number;
  /** `tenant` (default): a bucket per tenant and tool; `global`: one bucket per tool shared by every tenant. */
  toolBuckets?: 'tenant' | 'global';
}

/** Rate limits, sessions and notifications shared by every instance using the same Redis and key prefix. */
export interface RedisStoreConfig {
  url: string;
  /** Prefix of every key and of the pub/sub channel (default `safeguard:`). */
  keyPrefix: string;
  /** While Redis is unreachable: answer 503 (`refuse`, the default) or serve as a single instance (`memory`). */
  onUnavailable: UnavailablePolicy;
  /** How long a Redis command may take before Redis counts as unreachable (default 1000 ms). */
  timeoutMs: number;
}

export interface ServerConfig {
  /** `toolTimeoutMs`: the time limit of tool calls whose tool declares none (0: none; default 60 000). */
  server: { name?: string; version?: string; toolTimeoutMs?: number; http?: HttpServerConfig };
  /** Absent: a bare server with no authentication (fine on stdio and for the conformance suite). */
  security?: SecurityConfig;
  rateLimit?: RateLimitConfig;
  /** Absent: rate limits and sessions live in this process's memory. */
  store?: { redis: RedisStoreConfig };
  logging: { level: LogLevelName; destination: string };
  /** `permission`: when set, scraping needs credentials whose roles grant it (needs a security section). */
  metrics: { enabled: boolean; path: string; permission?: string };
}
