import { randomBytes } from 'node:crypto';
import type { LogLevel } from '../protocol/logging.js';
import type { Outlet } from '../protocol/outlet.js';
import { Holdings } from './holdings.js';

/** A session-era conversation with one client, bound at creation to who opened it. */
export interface Session {
  /** Cryptographically random, URL-safe, visible ASCII (Mcp-Session-Id). */
  readonly id: string;
  /** The principal and tenant that opened the session; another caller presenting the id is treated as unknown. */
  readonly principalId?: string;
  readonly tenantId?: string;
  readonly protocolVersion: string;
  readonly clientCapabilities: Record<string, unknown>;
  readonly clientInfo?: Record<string, unknown>;
  initialized: boolean;
  /** Minimum level for `notifications/message`; undefined sends everything. */
  logLevel?: LogLevel;
  readonly subscriptions: Set<string>;
  /** The stream for messages unrelated to a request (GET on HTTP, stdout on stdio). */
  standalone?: Outlet;
}

/** Storage for sessions; in memory by default, replaceable by a shared store. */
export interface SessionStore {
  create(init: Omit<Session, 'id' | 'subscriptions' | 'initialized'>): Session;
  get(id: string): Session | undefined;
  delete(id: string): boolean;
  all(): Iterable<Session>;
  /** Shared stores only: finds a session `get` does not know yet (one opened on another instance). */
  load?(id: string): Promise<Session | undefined>;
  /** Shared stores only: settles once the session `create` returned is visible to every instance. */
  saved?(id: string): Promise<void>;
}

/** A new session id: 32 random bytes, base64url. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export interface SessionStoreOptions {
  /**
   * Most sessions kept (default 10 000). When full, the tenant holding the most sessions gives up the least recently
   * used of its biggest principal's, so one tenant opening sessions cannot evict another's.
   */
  maxSessions?: number;
  /**
   * Most sessions of one principal (default 1000); its least recently used goes first. Not applied without
   * authentication, where every client is the same anonymous principal.
   */
  maxSessionsPerPrincipal?: number;
  /** A session unused for this long is forgotten, unless its stream is open (default 30 minutes). */
  idleMs?: number;
  /** Milliseconds clock (tests pass their own). */
  now?: () => number;
}

interface Entry {
  session: Session;
  lastUsed: number;
}

/**
 * Sessions in a Map kept in least-recently-used order: capped so that a flood of initialize requests cannot exhaust
 * memory, and idle sessions expire (clients then get 404 and initialize again, as the spec intends). The caps are
 * per principal and fair across tenants (see Holdings): 12 161 initialize requests of one user used to evict
 * another tenant's session from the one global least-recently-used list.
 */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Entry>();
  private readonly owners = new Holdings<string>();
  private readonly maxSessions: number;
  private readonly maxPerPrincipal: number;
  private readonly idleMs: number;
  private readonly now: () => number;
  /** The id last moved to the end of the Map: a client reusing its session (the usual case) needs no move. */
  private newest: string | undefined;

  constructor(options: SessionStoreOptions = {}) {
    this.maxSessions = options.maxSessions ?? 10_000;
    this.maxPerPrincipal = options.maxSessionsPerPrincipal ?? 1_000;
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.now = options.now ?? Date.now;
  }

  create(init: Omit<Session, 'id' | 'subscriptions' | 'initialized'>): Session {
    this.expireIdle();
    if (init.principalId !== undefined && this.owners.countOf(init) >= this.maxPerPrincipal) {
      const own = this.owners.oldestOf(init);
      if (own !== undefined) this.delete(own);
    } else if (this.sessions.size >= this.maxSessions) {
      const victim = this.owners.largestTenant()?.oldest;
      if (victim !== undefined) this.delete(victim);
    }
    const session: Session = { ...init, id: newSessionId(), subscriptions: new Set(), initialized: false };
    this.sessions.set(session.id, { session, lastUsed: this.now() });
    this.owners.add(session, session.id);
    this.newest = session.id;
    return session;
  }

  get(id: string): Session | undefined {
    const entry = this.sessions.get(id);
    if (!entry) return undefined;
    const now = this.now();
    if (this.isIdle(entry, now)) {
      this.delete(id);
      return undefined;
    }
    entry.lastUsed = now;
    // Re-inserting keeps the Map in least-recently-used order; the newest entry is already last.
    if (id !== this.newest) {
      this.sessions.delete(id);
      this.sessions.set(id, entry);
      this.owners.touch(entry.session, id);
      this.newest = id;
    }
    return entry.session;
  }

  delete(id: string): boolean {
    if (id === this.newest) this.newest = undefined;
    const entry = this.sessions.get(id);
    if (entry) this.owners.remove(entry.session, id);
    return this.sessions.delete(id);
  }

  *all(): Iterable<Session> {
    for (const entry of this.sessions.values()) yield entry.session;
  }

  private isIdle(entry: Entry, now: number): boolean {
    const streaming = entry.session.standalone !== undefined && !entry.session.standalone.closed;
    return !streaming && now - entry.lastUsed > this.idleMs;
  }

  // The oldest entries come first; stop at the first one still in use.
  private expireIdle(): void {
    const now = this.now();
    for (const [id, entry] of this.sessions) {
      if (now - entry.lastUsed <= this.idleMs) break;
      if (this.isIdle(entry, now)) this.delete(id);
    }
  }
}
