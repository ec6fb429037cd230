/**
 * One instance's link to Redis: a client for commands and one for pub/sub (a subscribed connection can send nothing
 * else), both reconnecting on their own. Commands never wait for a connection: while Redis is unreachable they fail
 * at once (no offline queue) and after `timeoutMs` when Redis stops answering, as StoreUnavailableError, so a
 * request is refused or served locally within a bounded time instead of piling up.
 */
import { createHash } from 'node:crypto';
import type { RedisArgument, RedisClientType } from '@redis/client';
import { StoreUnavailableError } from './store-unavailable.js';

/** The Redis client package: an optional peer dependency, loaded only when a server is configured to use Redis. */
type RedisModule = typeof import('@redis/client');

/** The server is configured for Redis and the client package is not installed. */
export class RedisClientMissingError extends Error {
  override readonly name = 'RedisClientMissingError';
}

/**
 * Loads `@redis/client`. It is not installed with mcp-safeguard (most servers keep their state in memory, and the
 * client is a tenth of the install), so a missing package is an error that says how to add it.
 */
export async function loadRedisClient(): Promise<RedisModule> {
  try {
    return await import('@redis/client');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new RedisClientMissingError(
      'store.redis needs the Redis client package, which is not installed: npm install @redis/client@^6',
    );
  }
}

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. */
  url: string;
  /** How long a command may take before the store counts as unavailable (default 1000 ms). */
  timeoutMs?: number;
  /** Called when Redis becomes unreachable and when it is back (once per change, for the operator's log). */
  onAvailabilityChange?: (available: boolean, reason?: string) => void;
}

/** Reconnection backoff: quick at first, then once a second, forever (Redis coming back is the normal case). */
const reconnectDelay = (attempt: number): number => Math.min(50 * 2 ** attempt, 1_000);

/** A Redis link shared by the rate-limit store, the session store and the notification relay of one instance. */
export class RedisConnection {
  private readonly client: RedisClientType;
  private readonly subscriber: RedisClientType;
  private readonly timeoutMs: number;
  private readonly onChange: (available: boolean, reason?: string) => void;
  private readonly reconnectListeners = new Set<() => void>();
  private wasAvailable = true;
  private connecting: Promise<void> | undefined;
  /** Commands sent so far, each one round trip (the benchmark prints them per request). */
  commandsSent = 0;

  constructor(
    private readonly redis: RedisModule,
    options: RedisConnectionOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 1_000;
    this.onChange = options.onAvailabilityChange ?? (() => {});
    const clientOptions = {
      url: options.url,
      // A command sent while disconnected fails at once rather than waiting for a reconnection that may not come.
      disableOfflineQueue: true,
      socket: { connectTimeout: this.timeoutMs, reconnectStrategy: reconnectDelay },
    };
    this.client = redis.createClient(clientOptions) as RedisClientType;
    // The subscriber sends only SUBSCRIBE: queued while Redis is away, it subscribes as soon as Redis is reachable.
    this.subscriber = redis.createClient({
      ...clientOptions,
      disableOfflineQueue: false,
    }) as RedisClientType;
    // Without an 'error' listener node-redis would throw connection errors as uncaught exceptions.
    this.client.on('error', (error: Error) => this.markUnavailable(error.message));
    this.subscriber.on('error', () => {});
    this.client.on('ready', () => this.markAvailable());
  }

  /** Whether the last command or connection attempt succeeded. */
  get available(): boolean {
    return this.client.isReady;
  }

  /**
   * Starts connecting both clients. Resolves once connected, or after the command timeout if Redis is not there
   * yet (the clients keep retrying in the background and requests are answered by the unavailable policy meanwhile).
   */
  open(): Promise<void> {
    this.connecting ??= Promise.all([this.client.connect(), this.subscriber.connect()]).then(() => {});
    // connect() rejects only when the clients are closed before connecting: nothing to report then.
    this.connecting.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.timeoutMs);
      timer.unref();
    });
    return Promise.race([this.connecting.catch(() => {}), waited]).finally(() => clearTimeout(timer));
  }

  /** Sends one command; StoreUnavailableError when Redis cannot answer in time. Redis's own error replies pass. */
  command<T>(args: readonly RedisArgument[]): Promise<T> {
    this.commandsSent++;
    return this.client.sendCommand<T>(args, { timeout: this.timeoutMs }).catch((error: unknown) => {
      if (error instanceof this.redis.ErrorReply) throw error;
      this.markUnavailable(error instanceof Error ? error.message : String(error));
      throw new StoreUnavailableError();
    });
  }

  /**
   * Runs a Lua script by its SHA-1 (EVALSHA: only the digest travels), sending the text once when this Redis has not
   * seen it yet (after a restart its script cache is empty).
   */
  runScript<T>(script: LuaScript, keys: readonly string[], args: readonly RedisArgument[]): Promise<T> {
    const tail = [String(keys.length), ...keys, ...args];
    return this.command<T>(['EVALSHA', script.sha1, ...tail]).catch((error: unknown) => {
      if (error instanceof this.redis.ErrorReply && error.message.startsWith('NOSCRIPT')) {
        return this.command<T>(['EVAL', script.source, ...tail]);
      }
      throw error;
    });
  }

  /** Publishes a message; a message that cannot be sent is dropped (notifications are best effort). */
  publish(channel: string, message: string): void {
    this.command(['PUBLISH', channel, message]).catch(() => {});
  }

  /**
   * Listens on a channel; settles once subscribed, which waits for Redis when it is away (open() first). node-redis
   * subscribes again by itself after a reconnection.
   */
  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    await this.subscriber.subscribe(channel, listener);
  }

  /** Calls `listener` each time Redis is reachable again after having been unreachable. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Closes both connections (pending commands fail). */
  async close(): Promise<void> {
    // close() waits for a connection that is still being retried; destroy() stops the retries.
    const end = (client: RedisClientType) => (client.isReady ? client.close() : client.destroy());
    await Promise.allSettled([end(this.client), end(this.subscriber)]);
  }

  private markUnavailable(reason: string): void {
    if (!this.wasAvailable) return;
    this.wasAvailable = false;
    this.onChange(false, reason);
  }

  private markAvailable(): void {
    if (this.wasAvailable) return;
    this.wasAvailable = true;
    this.onChange(true);
    for (const listener of this.reconnectListeners) listener();
  }
}

/** A Lua script and its SHA-1, computed once. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

/** Wraps Lua source for runScript. */
export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}
