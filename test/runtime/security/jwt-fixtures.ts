/** Real signing keys and tokens for tests: an authorization server in miniature. */
import { type JSONWebKeySet, SignJWT, exportJWK, generateKeyPair } from 'jose';

export const ISSUER = 'https://auth.example.test';
export const AUDIENCE = 'http://127.0.0.1/mcp';

export interface TestIssuer {
  jwks: JSONWebKeySet;
  /** Signs a token with the issuer's key; claims override the defaults (a valid user token for AUDIENCE). */
  sign(
    claims?: Record<string, unknown>,
    options?: { expiresAt?: number | null; issuer?: string; audience?: string },
  ): Promise<string>;
}

/** A new ES256 key pair published as a one-key JWKS with kid `k1`. */
export async function createTestIssuer(kid = 'k1'): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    sign: (claims = {}, options = {}) => {
      const jwt = new SignJWT({
        sub: 'user-1',
        tenant: 'tenant-a',
        roles: ['user'],
        scope: 'mcp:tools',
        ...claims,
      })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(options.issuer ?? ISSUER)
        .setAudience(options.audience ?? AUDIENCE)
        .setIssuedAt();
      // null: no expiry at all (a token that would be valid forever).
      if (options.expiresAt !== null)
        jwt.setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 300);
      return jwt.sign(privateKey);
    },
  };
}
