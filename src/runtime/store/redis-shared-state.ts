/**
 * Everything one instance keeps in Redis, built from the serve config's `store.redis`: the rate-limit buckets, the
 * sessions, and the relay of notifications between instances, over one connection.
 */
import type { RedisStoreConfig } from '../config/serve-config.js';
import { RedisRateLimitStore } from '../ratelimit/redis-store.js';
import { RedisSessionStore } from '../session/redis-session-store.js';
import { loadRedisClient, RedisConnection } from './redis-connection.js';
import { RedisNotificationRelay } from './redis-notification-relay.js';

export interface RedisSharedState {
  readonly connection: RedisConnection;
  readonly rateLimitStore: RedisRateLimitStore;
  readonly sessions: RedisSessionStore;
  readonly relay: RedisNotificationRelay;
  /** Stops the session refresh and closes the connection. */
  close(): Promise<void>;
}

export interface RedisSharedStateOptions {
  /** Bound of the local fallback buckets under policy `memory` (the config's rate_limit.max_buckets). */
  maxLocalBuckets?: number;
  /** Sessions cached by this instance (the config's server.max_sessions; default 10 000). */
  maxCachedSessions?: number;
  /** Sessions of one principal across all instances (server.max_sessions_per_principal; default 1000). */
  maxSessionsPerPrincipal?: number;
  /** Told when Redis becomes unreachable and when it is back (serve writes one line to stderr each time). */
  onAvailabilityChange?: (available: boolean, reason?: string) => void;
}

/**
 * Connects to Redis and builds the shared stores. Does not fail when Redis is down at start: the instance then
 * answers by the unavailable policy until Redis can be reached.
 */
export async function openRedisSharedState(
  config: RedisStoreConfig,
  options: RedisSharedStateOptions = {},
): Promise<RedisSharedState> {
  const connection = new RedisConnection(await loadRedisClient(), {
    url: config.url,
    timeoutMs: config.timeoutMs,
    ...(options.onAvailabilityChange ? { onAvailabilityChange: options.onAvailabilityChange } : {}),
  });
  await connection.open();
  const relay = new RedisNotificationRelay(connection, config.keyPrefix);
  // Subscribed before serving when Redis is there; otherwise as soon as it is (the subscription is queued).
  await Promise.race([relay.start().catch(() => {}), delay(config.timeoutMs)]);
  const rateLimitStore = new RedisRateLimitStore({
    connection,
    keyPrefix: config.keyPrefix,
    onUnavailable: config.onUnavailable,
    ...(options.maxLocalBuckets === undefined ? {} : { maxLocalBuckets: options.maxLocalBuckets }),
  });
  const sessions = new RedisSessionStore({
    connection,
    relay,
    keyPrefix: config.keyPrefix,
    onUnavailable: config.onUnavailable,
    ...(options.maxCachedSessions === undefined ? {} : { maxCached: options.maxCachedSessions }),
    ...(options.maxSessionsPerPrincipal === undefined
      ? {}
      : { maxSessionsPerPrincipal: options.maxSessionsPerPrincipal }),
  });
  return {
    connection,
    rateLimitStore,
    sessions,
    relay,
    close: async () => {
      sessions.close();
      await connection.close();
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
