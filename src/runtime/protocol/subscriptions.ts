import type { JsonRpcId, JsonRpcNotification } from '../jsonrpc/message.js';
import { Holdings, type Owner } from '../session/holdings.js';
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
  owner: Owner;
  filter: SubscriptionFilter;
  outlet: Outlet;
  /** Ends the stream gracefully (its listen request answers). */
  end: () => void;
}

const subscriptionIdKey = 'io.modelcontextprotocol/subscriptionId';

/**
 * Open `subscriptions/listen` streams; each gets only the notifications its filter names, tagged with its id. Each
 * stream holds a connection, so they are capped: per principal, and in all, fairly across tenants (one read-only
 * principal used to fill the single cap of 1000 for everyone).
 */
export class SubscriptionHub {
  private readonly listeners = new Set<Listener>();
  private readonly owners = new Holdings<Listener>();

  constructor(
    /** Most streams open at once. When full, the tenant holding the most gives way to a smaller one. */
    private readonly maxListeners = 1_000,
    /** Most streams of one principal (not applied without authentication, where everyone is one principal). */
    private readonly maxPerPrincipal = 10,
  ) {}

  /**
   * Whether `owner` may open another stream. When all are taken and another tenant holds more than the owner's,
   * that tenant's biggest principal's oldest stream is ended (gracefully) to make room.
   */
  admit(owner: Owner): boolean {
    if (owner.principalId !== undefined && this.owners.countOf(owner) >= this.maxPerPrincipal) return false;
    if (this.listeners.size < this.maxListeners) return true;
    const largest = this.owners.largestTenant();
    if (!largest?.oldest || largest.count <= this.owners.tenantCountOf(owner) + 1) return false;
    this.drop(largest.oldest);
    largest.oldest.end();
    return true;
  }

  /** Adds a stream; returns the function that removes it. */
  add(
    id: JsonRpcId,
    filter: SubscriptionFilter,
    outlet: Outlet,
    end: () => void,
    owner: Owner = {},
  ): () => void {
    const listener = { id, owner, filter, outlet, end };
    this.listeners.add(listener);
    this.owners.add(owner, listener);
    return () => this.drop(listener);
  }

  private drop(listener: Listener): void {
    this.listeners.delete(listener);
    this.owners.remove(listener.owner, listener);
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
