import type { JsonRpcId, JsonRpcNotification } from '../jsonrpc/message.js';
import type { Outlet } from './outlet.js';

/** What a `subscriptions/listen` stream asked for (2026-07-28). */
export interface SubscriptionFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

export type ListKind = 'toolsListChanged' | 'promptsListChanged' | 'resourcesListChanged';

interface Listener {
  id: JsonRpcId;
  filter: SubscriptionFilter;
  outlet: Outlet;
  /** Ends the stream gracefully (its listen request answers). */
  end: () => void;
}

const subscriptionIdKey = 'io.modelcontextprotocol/subscriptionId';

/** Open `subscriptions/listen` streams; each gets only the notifications its filter names, tagged with its id. */
export class SubscriptionHub {
  private readonly listeners = new Set<Listener>();

  /** Each open stream holds a connection: the cap keeps a flood of listen requests from exhausting the server. */
  constructor(private readonly maxListeners = 1_000) {}

  /** Whether another stream may open. */
  get full(): boolean {
    return this.listeners.size >= this.maxListeners;
  }

  /** Adds a stream; returns the function that removes it. */
  add(id: JsonRpcId, filter: SubscriptionFilter, outlet: Outlet, end: () => void): () => void {
    const listener = { id, filter, outlet, end };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends every stream gracefully (shutdown): they are not work in progress and should not hold it up. */
  endAll(): void {
    for (const listener of [...this.listeners]) listener.end();
  }

  /** Sends a list-changed notification to the streams that asked for that list. */
  publishListChanged(kind: ListKind, method: string): void {
    for (const l of this.listeners) if (l.filter[kind]) l.outlet.send(tagged(method, l.id));
  }

  /** Sends `notifications/resources/updated` to the streams subscribed to the URI. */
  publishResourceUpdated(uri: string): void {
    for (const l of this.listeners) {
      if (l.filter.resourceSubscriptions?.includes(uri))
        l.outlet.send(tagged('notifications/resources/updated', l.id, { uri }));
    }
  }
}

/** A notification carrying the subscription id in `_meta`. */
export function tagged(
  method: string,
  id: JsonRpcId,
  params: Record<string, unknown> = {},
): JsonRpcNotification {
  return { jsonrpc: '2.0', method, params: { ...params, _meta: { [subscriptionIdKey]: id } } };
}
