import { randomBytes } from 'node:crypto';
import type { LogLevel } from '../registry/tool.js';
import type { Outlet } from '../protocol/outlet.js';

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
}

/** A new session id: 32 random bytes, base64url. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** Sessions in a Map, capped so that a flood of initialize requests cannot exhaust memory (oldest evicted). */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly maxSessions = 10_000) {}

  create(init: Omit<Session, 'id' | 'subscriptions' | 'initialized'>): Session {
    if (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const session: Session = { ...init, id: newSessionId(), subscriptions: new Set(), initialized: false };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  delete(id: string): boolean {
    return this.sessions.delete(id);
  }

  all(): Iterable<Session> {
    return this.sessions.values();
  }
}
