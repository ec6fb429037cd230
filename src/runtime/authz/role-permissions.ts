/**
 * Roles map to permissions (`admin: ["*"]`, `user: ["read", "execute"]`). A role granting `*` has every
 * permission; a principal with no role, or only unknown roles, has none. Permission sets are computed once per
 * principal object (API-key principals are created once at start-up), so a request costs one WeakMap lookup.
 */
import type { Principal } from '../auth/principal.js';

/** The permission that stands for all permissions. */
export const ALL_PERMISSIONS = '*';

/** What a principal may do. */
export interface PermissionSet {
  /** True when one of the principal's roles grants `*`. */
  readonly all: boolean;
  readonly granted: ReadonlySet<string>;
}

/** The roles a `security` section without `roles` gets (as the original configuration format defined them). */
export const DEFAULT_ROLES: Readonly<Record<string, readonly string[]>> = {
  admin: [ALL_PERMISSIONS],
  user: ['read', 'execute'],
};

/** The configured roles. */
export class RolePermissions {
  private readonly roles: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly cache = new WeakMap<Principal, PermissionSet>();

  constructor(roles: Readonly<Record<string, readonly string[]>> = DEFAULT_ROLES) {
    this.roles = new Map(Object.entries(roles).map(([role, permissions]) => [role, new Set(permissions)]));
  }

  /** The union of the permissions of the principal's roles. */
  permissionsOf(principal: Principal): PermissionSet {
    const cached = this.cache.get(principal);
    if (cached) return cached;
    const granted = new Set<string>();
    for (const role of principal.roles)
      for (const permission of this.roles.get(role) ?? []) granted.add(permission);
    const set: PermissionSet = { all: granted.has(ALL_PERMISSIONS), granted };
    this.cache.set(principal, set);
    return set;
  }

  /** True when the principal holds `permission` (or `*`). */
  allows(principal: Principal | undefined, permission: string): boolean {
    if (!principal) return false;
    const set = this.permissionsOf(principal);
    return set.all || set.granted.has(permission);
  }
}
