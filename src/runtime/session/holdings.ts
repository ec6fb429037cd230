/**
 * Who holds what of a bounded resource (sessions, listen streams), by tenant and principal, oldest first. It is what
 * lets a cap be kept per principal, and lets the whole be kept fair: when it is full, the tenant holding the most
 * gives way, so one principal or one tenant cannot evict or starve the others.
 */

/** The principal and tenant an item belongs to; both undefined in a server without authentication. */
export interface Owner {
  principalId?: string | undefined;
  tenantId?: string | undefined;
}

interface TenantHoldings<T> {
  count: number;
  /** Per principal, in least-recently-used order (a Set keeps insertion order; touch re-inserts). */
  principals: Map<string, Set<T>>;
}

// "-" stands for undefined; a defined id is prefixed, so the principal "-" is not the anonymous one.
const keyOf = (id: string | undefined) => (id === undefined ? '-' : `=${id}`);

/** Items by tenant and principal. */
export class Holdings<T> {
  private readonly tenants = new Map<string, TenantHoldings<T>>();

  add(owner: Owner, item: T): void {
    const tenantKey = keyOf(owner.tenantId);
    let tenant = this.tenants.get(tenantKey);
    if (!tenant) this.tenants.set(tenantKey, (tenant = { count: 0, principals: new Map() }));
    const principalKey = keyOf(owner.principalId);
    let items = tenant.principals.get(principalKey);
    if (!items) tenant.principals.set(principalKey, (items = new Set()));
    if (!items.has(item)) tenant.count++;
    items.add(item);
  }

  remove(owner: Owner, item: T): void {
    const tenantKey = keyOf(owner.tenantId);
    const tenant = this.tenants.get(tenantKey);
    const principalKey = keyOf(owner.principalId);
    const items = tenant?.principals.get(principalKey);
    if (!tenant || !items?.delete(item)) return;
    tenant.count--;
    if (items.size === 0) tenant.principals.delete(principalKey);
    if (tenant.count === 0) this.tenants.delete(tenantKey);
  }

  /** Marks an item as just used: it becomes its principal's newest. */
  touch(owner: Owner, item: T): void {
    const items = this.tenants.get(keyOf(owner.tenantId))?.principals.get(keyOf(owner.principalId));
    if (!items?.delete(item)) return;
    items.add(item);
  }

  /** How many items the owner's principal holds. */
  countOf(owner: Owner): number {
    return this.tenants.get(keyOf(owner.tenantId))?.principals.get(keyOf(owner.principalId))?.size ?? 0;
  }

  /** How many items the owner's tenant holds. */
  tenantCountOf(owner: Owner): number {
    return this.tenants.get(keyOf(owner.tenantId))?.count ?? 0;
  }

  /** The principal's least recently used item. */
  oldestOf(owner: Owner): T | undefined {
    const items = this.tenants.get(keyOf(owner.tenantId))?.principals.get(keyOf(owner.principalId));
    return items?.values().next().value;
  }

  /** Who gives way when the whole is full: the oldest item of the biggest principal of the biggest tenant. */
  largestTenant(): { count: number; oldest: T | undefined } | undefined {
    let biggest: TenantHoldings<T> | undefined;
    for (const tenant of this.tenants.values())
      if (!biggest || tenant.count > biggest.count) biggest = tenant;
    if (!biggest) return undefined;
    let items: Set<T> | undefined;
    for (const held of biggest.principals.values()) if (!items || held.size > items.size) items = held;
    return { count: biggest.count, oldest: items?.values().next().value };
  }
}
