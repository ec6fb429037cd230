/** NotificationRelay over Redis pub/sub: one channel per key prefix, JSON messages tagged with the sender. */
import { randomUUID } from 'node:crypto';
import type { NotificationRelay, RelayedEvent } from '../protocol/notification-relay.js';
import type { RedisConnection } from './redis-connection.js';

/** The fields an event of each type must have, checked on receipt (another process wrote the message). */
function isRelayedEvent(value: unknown): value is RelayedEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  switch (event['type']) {
    case 'list-changed':
      return typeof event['list'] === 'string' && typeof event['method'] === 'string';
    case 'resource-updated':
      return typeof event['uri'] === 'string';
    case 'session-ended':
      return typeof event['sessionId'] === 'string';
    default:
      return false;
  }
}

/** Publishes to `<prefix>events` and delivers what other instances publish there. */
export class RedisNotificationRelay implements NotificationRelay {
  /** Tells this instance's own messages apart: Redis delivers them back to the sender too. */
  private readonly instanceId = randomUUID();
  private readonly channel: string;
  private readonly listeners = new Set<(event: RelayedEvent) => void>();

  constructor(
    private readonly connection: RedisConnection,
    keyPrefix = 'safeguard:',
  ) {
    this.channel = `${keyPrefix}events`;
  }

  /** Subscribes to the channel (call once, after the connection's open()); settles once Redis confirms. */
  start(): Promise<void> {
    return this.connection.subscribe(this.channel, (message) => this.receive(message));
  }

  publish(event: RelayedEvent): void {
    this.connection.publish(this.channel, JSON.stringify({ from: this.instanceId, event }));
  }

  subscribe(listener: (event: RelayedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return; // not ours
    }
    const { from, event } = (parsed ?? {}) as { from?: unknown; event?: unknown };
    if (from === this.instanceId || !isRelayedEvent(event)) return;
    for (const listener of this.listeners) listener(event);
  }
}
