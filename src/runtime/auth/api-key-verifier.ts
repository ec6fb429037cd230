/**
 * Verifies presented API keys against stored digests. The lookup is one hash and one Map access (no bcrypt on the
 * request path: keys carry 256 bits of entropy, so a fast digest is enough); the final comparison is constant-time.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal.js';
import { apiKeyDigestBinary, isApiKeyDigest } from './api-key.js';

/** One configured key: its digest and whom it authenticates. */
export interface ApiKeyRecord {
  /** A name for the key (logs say which key was used, never the key). */
  id: string;
  /** `sha256:<hex>`. */
  digest: string;
  principal: string;
  tenant?: string;
  roles: readonly string[];
}

interface StoredKey {
  id: string;
  digest: Buffer;
  principal: Principal;
}

/** A successful verification: the principal and the key id for the log. */
export interface VerifiedKey {
  keyId: string;
  principal: Principal;
}

/** The configured API keys, indexed by digest. */
export class ApiKeyVerifier {
  /**
   * By digest as a binary (latin1) string, one character per byte: no hex to encode per request, and half as many
   * characters to hash for the lookup (about 0.2 µs less per request, Node 22).
   */
  private readonly byDigest = new Map<string, StoredKey>();
  /** The presented key's digest, decoded here for the comparison without allocating a Buffer per request. */
  private readonly presentedDigest = Buffer.alloc(32);

  constructor(records: readonly ApiKeyRecord[]) {
    for (const record of records) {
      if (!isApiKeyDigest(record.digest))
        throw new Error(`API key ${record.id}: digest must be sha256:<64 hex>`);
      const digest = Buffer.from(record.digest.slice('sha256:'.length), 'hex');
      const lookup = digest.toString('binary');
      if (this.byDigest.has(lookup))
        throw new Error(`API key ${record.id}: the same digest is configured twice`);
      // One frozen Principal per key: authorization caches permission sets by object identity.
      const principal: Principal = Object.freeze({
        id: record.principal,
        ...(record.tenant === undefined ? {} : { tenantId: record.tenant }),
        roles: Object.freeze([...record.roles]),
        via: 'api-key' as const,
      });
      this.byDigest.set(lookup, { id: record.id, digest, principal });
    }
  }

  /** Number of configured keys. */
  get size(): number {
    return this.byDigest.size;
  }

  /** The key's principal, or undefined for a key that is not configured. */
  verify(presented: string): VerifiedKey | undefined {
    const digest = apiKeyDigestBinary(presented);
    const stored = this.byDigest.get(digest);
    if (!stored) return undefined;
    // Synchronous from here on, so the shared scratch buffer cannot be overwritten by another request meanwhile.
    this.presentedDigest.write(digest, 'binary');
    if (!timingSafeEqual(stored.digest, this.presentedDigest)) return undefined;
    return { keyId: stored.id, principal: stored.principal };
  }
}
