/**
 * Sessions shared through Redis, so that any instance can serve a session another one opened. Redis holds what
 * identifies a session and cannot change (owner principal and tenant, negotiated protocol version, the client's
 * capabilities and info) under `<prefix>session:<id>`, expiring after the idle time; each instance keeps the live
 * part (its open stream, subscriptions, log level) in a bounded local cache and reads Redis only for a session it
 * has not seen, so a request costs no round trip for its session once the session is cached.
 *
 * Capped like the in-memory store: a principal holds at most `maxSessionsPerPrincipal` sessions across all instances,
 * and opening one more ends its least recently used (redis-session-scripts.ts). Without authentication (no principal)
 * the cap does not apply, as in memory; every session still expires after the idle time.
 */
import type { NotificationRelay } from '../protocol/notification-relay.js';
import type { RedisConnection } from '../store/redis-connection.js';
import { StoreUnavailableError, type UnavailablePolicy } from '../store/store-unavailable.js';
import type { Owner } from './holdings.js';
import { createSessionScript, touchSessionScript } from './redis-session-scripts.js';
import { newSessionId, type Session, type SessionStore } from './session.js';

export interface RedisSessionStoreOptions {
  connection: RedisConnection;
  /** Carries session ends to the other instances, which drop their cached copy and close its stream. */
  relay?: NotificationRelay;
  keyPrefix?: string;
  onUnavailable?: UnavailablePolicy;
  /** A session unused this long (on every instance) is forgotten (default 30 minutes). */
  idleMs?: number;
  /** Most sessions cached by this instance (default 10 000); evicting one only costs a read if it comes back. */
  maxCached?: number;
  /**
   * Most sessions of one principal across every instance (default 1000, as in memory); its least recently used is
   * ended to make room. Not applied without authentication, where every client is the same anonymous principal.
   */
  maxSessionsPerPrincipal?: number;
  now?: () => number;
}

type Init = Omit<Session, 'id' | 'subscriptions' | 'initialized'>;

/** The stored, immutable part of a session. */
interface SessionRecord {
  principalId?: string;
  tenantId?: string;
  protocolVersion: string;
  clientCapabilities: Record<string, unknown>;
  clientInfo?: Record<string, unknown>;
}

interface Entry {
  session: Session;
  lastUsed: number;
}

/** SessionStore over Redis with a local cache of the sessions this instance serves. */
export class RedisSessionStore implements SessionStore {
  private readonly connection: RedisConnection;
  private readonly relay: NotificationRelay | undefined;
  private readonly prefix: string;
  private readonly ownersPrefix: string;
  private readonly maxPerPrincipal: number;
  private readonly policy: UnavailablePolicy;
  private readonly idleMs: number;
  private readonly maxCached: number;
  private readonly now: () => number;
  /** Cached sessions in least-recently-used order. */
  private readonly cache = new Map<string, Entry>();
  /** Writes of sessions just created, awaited by `saved`. */
  private readonly writes = new Map<string, Promise<void>>();
  /** Sessions used since the last refresh: their expiry in Redis is pushed back in one batch. */
  private readonly touched = new Set<string>();
  /** Sessions created while Redis was away (policy `memory`): written once it is back. */
  private readonly unsaved = new Map<string, SessionRecord>();
  private readonly timer: NodeJS.Timeout;
  private readonly stopListening: () => void;
  private readonly stopReconnectCheck: () => void;

  constructor(options: RedisSessionStoreOptions) {
    this.connection = options.connection;
    this.relay = options.relay;
    this.prefix = `${options.keyPrefix ?? 'safeguard:'}session:`;
    this.ownersPrefix = `${options.keyPrefix ?? 'safeguard:'}sessions-of:`;
    this.maxPerPrincipal = options.maxSessionsPerPrincipal ?? 1_000;
    this.policy = options.onUnavailable ?? 'refuse';
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.maxCached = options.maxCached ?? 10_000;
    this.now = options.now ?? Date.now;
    // Refreshing expiries in batches (not on every request) keeps requests free of round trips; a quarter of the
    // idle time (at most a minute) is also how soon an instance notices a session ended while it was cut off.
    this.timer = setInterval(() => void this.refresh(), Math.min(this.idleMs / 4, 60_000));
    this.timer.unref();
    this.stopListening =
      this.relay?.subscribe((event) => {
        if (event.type === 'session-ended') this.forget(event.sessionId);
      }) ?? (() => {});
    // Back from an outage: every cached session is checked, since ends published meanwhile were missed (and a
    // Redis restarted without persistence has lost them all).
    this.stopReconnectCheck = this.connection.onReconnect(() => void this.refresh(true));
  }

  create(init: Init): Session {
    const session = this.remember(newSessionId(), init);
    const record = recordOf(init);
    const write = this.store(session.id, record).then(
      (ended) => {
        // The principal's least recently used sessions made room: gone everywhere, as a DELETE would have them.
        for (const id of ended) this.ended(id);
      },
      (error: unknown) => {
        if (this.policy === 'memory' && error instanceof StoreUnavailableError) {
          this.unsaved.set(session.id, record);
          return;
        }
        throw error;
      },
    );
    this.writes.set(session.id, write);
    // Nobody may ask (in-process use): the outcome is then only kept until the write settles.
    write.catch(() => {}).finally(() => this.writes.delete(session.id));
    return session;
  }

  /** Settles once the session `create` just returned is in Redis (or kept locally under policy `memory`). */
  saved(id: string): Promise<void> {
    return this.writes.get(id) ?? Promise.resolve();
  }

  get(id: string): Session | undefined {
    const entry = this.cache.get(id);
    if (!entry) return undefined;
    const now = this.now();
    if (isIdle(entry, now, this.idleMs)) {
      this.cache.delete(id);
      return undefined;
    }
    entry.lastUsed = now;
    this.touched.add(id);
    this.cache.delete(id);
    this.cache.set(id, entry);
    return entry.session;
  }

  /** Reads a session opened on another instance into the cache; undefined when Redis has none by that id. */
  load(id: string): Promise<Session | undefined> {
    const cached = this.get(id);
    if (cached) return Promise.resolve(cached);
    return this.connection.command<string | null>(['GET', this.prefix + id]).then(
      (text) => {
        const record = text === null ? undefined : parseRecord(text);
        if (!record) return undefined;
        // Another request may have loaded it meanwhile: keep one object per session.
        return this.get(id) ?? this.remember(id, record);
      },
      (error: unknown) => {
        // Policy `memory`: as a single instance would, answer for a session it does not know: unknown.
        if (this.policy === 'memory' && error instanceof StoreUnavailableError) return undefined;
        throw error;
      },
    );
  }

  delete(id: string): boolean {
    const entry = this.cache.get(id);
    const owners = entry ? this.ownersKey(entry.session) : undefined;
    if (owners !== undefined) this.connection.command(['ZREM', owners, id]).catch(() => {});
    return this.ended(id);
  }

  *all(): Iterable<Session> {
    for (const entry of this.cache.values()) yield entry.session;
  }

  /** Stops the refresh timer and the relay listener. */
  close(): void {
    clearInterval(this.timer);
    this.stopListening();
    this.stopReconnectCheck();
  }

  /**
   * Pushes back the expiry of the sessions used since the last refresh and of those with an open stream, and writes
   * the ones created while Redis was away. A session Redis no longer has (ended elsewhere, or expired) is dropped.
   * `everyCached` checks all cached sessions, used or not.
   */
  async refresh(everyCached = false): Promise<void> {
    const now = this.now();
    const ids = new Set(this.touched);
    this.touched.clear();
    for (const [id, entry] of this.cache) {
      if (isIdle(entry, now, this.idleMs)) this.cache.delete(id);
      else if (everyCached || isStreaming(entry.session)) ids.add(id);
    }
    const ttl = String(this.idleMs);
    const work: Promise<unknown>[] = [];
    for (const [id, record] of this.unsaved) {
      work.push(
        this.connection
          .command(['SET', this.prefix + id, JSON.stringify(record), 'PX', ttl, 'NX'])
          .then(() => this.unsaved.delete(id)),
      );
      ids.delete(id);
    }
    for (const id of ids) {
      const session = this.cache.get(id)?.session;
      const owners = session ? this.ownersKey(session) : undefined;
      const found =
        owners === undefined
          ? this.connection.command<number>(['PEXPIRE', this.prefix + id, ttl])
          : this.connection.runScript<number>(
              touchSessionScript,
              [this.prefix + id, owners],
              [ttl, String(now), id],
            );
      work.push(
        found.then((exists) => {
          if (exists === 0) this.forget(id);
        }),
      );
    }
    await Promise.allSettled(work);
  }

  /** Writes a new session (listed under its principal, within the cap); the ids of sessions that made room. */
  private store(id: string, record: SessionRecord): Promise<string[]> {
    const text = JSON.stringify(record);
    const idle = String(this.idleMs);
    const owners = this.ownersKey(record);
    if (owners === undefined)
      return this.connection.command(['SET', this.prefix + id, text, 'PX', idle]).then(() => []);
    return this.connection.runScript<string[]>(
      createSessionScript,
      [this.prefix + id, owners],
      [text, idle, String(this.now()), String(this.maxPerPrincipal), this.prefix, id],
    );
  }

  /** The key of the set listing a principal's sessions; undefined without a principal (no cap applies). */
  private ownersKey(owner: Owner): string | undefined {
    if (owner.principalId === undefined) return undefined;
    // Length-prefixed, so no choice of tenant and principal names makes two owners' keys equal.
    const tenant = owner.tenantId === undefined ? '-' : `${owner.tenantId.length}:${owner.tenantId}`;
    return `${this.ownersPrefix}${tenant}:${owner.principalId.length}:${owner.principalId}`;
  }

  /** Ends a session: gone from Redis, from this cache and, through the relay, from every other instance. */
  private ended(id: string): boolean {
    const existed = this.cache.delete(id);
    this.touched.delete(id);
    this.unsaved.delete(id);
    this.connection.command(['DEL', this.prefix + id]).catch(() => {});
    this.relay?.publish({ type: 'session-ended', sessionId: id });
    return existed;
  }

  private remember(id: string, init: Init | SessionRecord): Session {
    if (this.cache.size >= this.maxCached) this.evictOne();
    const session: Session = { ...init, id, subscriptions: new Set(), initialized: false };
    this.cache.set(id, { session, lastUsed: this.now() });
    return session;
  }

  /** Drops the least recently used cached session without an open stream (it stays in Redis). */
  private evictOne(): void {
    for (const [id, entry] of this.cache) {
      if (!isStreaming(entry.session)) {
        this.cache.delete(id);
        return;
      }
    }
  }

  /** Drops a session ended elsewhere and closes its stream here. */
  private forget(id: string): void {
    const entry = this.cache.get(id);
    if (!entry) return;
    this.cache.delete(id);
    this.touched.delete(id);
    entry.session.standalone?.end?.();
  }
}

function recordOf(init: Init): SessionRecord {
  return {
    ...(init.principalId === undefined ? {} : { principalId: init.principalId }),
    ...(init.tenantId === undefined ? {} : { tenantId: init.tenantId }),
    protocolVersion: init.protocolVersion,
    clientCapabilities: init.clientCapabilities,
    ...(init.clientInfo === undefined ? {} : { clientInfo: init.clientInfo }),
  };
}

/** A stored record, or undefined for anything else under the key (written by something that is not us). */
function parseRecord(text: string): SessionRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<SessionRecord> | null;
    if (!value || typeof value.protocolVersion !== 'string') return undefined;
    if (typeof value.clientCapabilities !== 'object' || value.clientCapabilities === null) return undefined;
    return {
      ...(typeof value.principalId === 'string' ? { principalId: value.principalId } : {}),
      ...(typeof value.tenantId === 'string' ? { tenantId: value.tenantId } : {}),
      protocolVersion: value.protocolVersion,
      clientCapabilities: value.clientCapabilities,
      ...(typeof value.clientInfo === 'object' && value.clientInfo !== null
        ? { clientInfo: value.clientInfo }
        : {}),
    };
  } catch {
    return undefined;
  }
}

function isStreaming(session: Session): boolean {
  return session.standalone !== undefined && !session.standalone.closed;
}

function isIdle(entry: Entry, now: number, idleMs: number): boolean {
  return !isStreaming(entry.session) && now - entry.lastUsed > idleMs;
}
