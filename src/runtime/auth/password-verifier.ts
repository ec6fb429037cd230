/**
 * Password principals (HTTP Basic), verified with bcrypt. Unknown users are compared against a dummy hash of the
 * same cost so that response time does not reveal which user names exist.
 */
import bcrypt from 'bcryptjs';
import type { Principal } from './principal.js';

/** One configured user: a bcrypt hash, never a password. */
export interface PasswordUser {
  username: string;
  /** bcrypt hash (`$2a$`, `$2b$` or `$2y$`). */
  passwordHash: string;
  principal?: string;
  tenant?: string;
  roles: readonly string[];
}

const BCRYPT_HASH = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;

/** Verifies user name and password pairs. */
export class PasswordVerifier {
  private readonly users = new Map<string, { hash: string; principal: Principal }>();
  private readonly dummyHash: string;

  constructor(users: readonly PasswordUser[]) {
    let cost = 10;
    for (const user of users) {
      const match = BCRYPT_HASH.exec(user.passwordHash);
      if (!match) throw new Error(`user ${user.username}: password_hash is not a bcrypt hash`);
      cost = Number(match[1]);
      const principal: Principal = Object.freeze({
        id: user.principal ?? user.username,
        ...(user.tenant === undefined ? {} : { tenantId: user.tenant }),
        roles: Object.freeze([...user.roles]),
        via: 'password' as const,
      });
      this.users.set(user.username, { hash: user.passwordHash, principal });
    }
    this.dummyHash = users.length > 0 ? bcrypt.hashSync('not-a-password', cost) : '';
  }

  /** Number of configured users. */
  get size(): number {
    return this.users.size;
  }

  /** The user's principal when the password matches, else undefined (after the same amount of work). */
  async verify(username: string, password: string): Promise<Principal | undefined> {
    const user = this.users.get(username);
    const matches = await bcrypt.compare(password, user?.hash ?? this.dummyHash);
    return user && matches ? user.principal : undefined;
  }
}

/** A bcrypt hash of a password, for the config file (cost 12 unless told). */
export function hashPassword(password: string, cost = 12): Promise<string> {
  return bcrypt.hash(password, cost);
}
