/**
 * Carries events between the instances of one server (behind a load balancer): a client's session stream may be
 * open on another instance than the one where a tool list changed or a resource was updated, or where the session
 * was ended. In-process servers have none; `RedisNotificationRelay` uses Redis pub/sub.
 */
import type { ListKind } from './subscriptions.js';

/** What one instance tells the others. */
export type RelayedEvent =
  | { type: 'list-changed'; list: ListKind; method: string }
  | { type: 'resource-updated'; uri: string }
  | { type: 'session-ended'; sessionId: string };

export interface NotificationRelay {
  /** Sends an event to every other instance (best effort: an instance cut off from the relay misses it). */
  publish(event: RelayedEvent): void;
  /** Calls `listener` for each event another instance published; returns the function that stops it. */
  subscribe(listener: (event: RelayedEvent) => void): () => void;
}
