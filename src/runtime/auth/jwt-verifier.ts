/**
 * OAuth 2.1 resource server: bearer JWTs verified with jose against a configured JWKS. The issuer, the audience
 * (this server: tokens minted for another resource are refused, never passed through), the expiry and the
 * algorithm (an explicit allow-list, so `alg: none` and unexpected algorithms fail) are all checked.
 */
import {
  type JSONWebKeySet,
  type JWTPayload,
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
} from 'jose';
import type { Principal } from './principal.js';
import { type Clock, systemClock } from '../ratelimit/clock.js';

/** Where the claims that make a principal are found in the token. */
export interface JwtClaimNames {
  /** Principal id (default `sub`). */
  principal: string;
  /** Tenant id (default `tenant`). */
  tenant: string;
  /** Array of role names (default `roles`). */
  roles: string;
}

export interface JwtVerifierOptions {
  issuer: string;
  /** This server's resource identifier(s); the token's `aud` must name one. */
  audience: string | readonly string[];
  /** Allowed JWS algorithms, e.g. `['RS256', 'ES256']`. Required: there is no default that could include `none`. */
  algorithms: readonly string[];
  /** The key set itself (from a file) or where to fetch it. */
  jwks: JSONWebKeySet | URL;
  claims?: Partial<JwtClaimNames>;
  clockToleranceSeconds?: number;
  clock?: Clock;
}

/** Why a token was refused: a small fixed set, used as a log field and a metric label. */
export type JwtRejection =
  | 'token-expired'
  | 'token-not-yet-valid'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'missing-claim'
  | 'algorithm-not-allowed'
  | 'bad-signature'
  | 'unknown-signing-key'
  | 'jwks-unavailable'
  | 'malformed-token';

export type JwtVerification = { ok: true; principal: Principal } | { ok: false; reason: JwtRejection };

const DEFAULT_CLAIMS: JwtClaimNames = { principal: 'sub', tenant: 'tenant', roles: 'roles' };

/** True when a bearer token has the shape of a JWS compact serialisation (three base64url parts). */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/** Verifies bearer JWTs for this resource server. */
export class JwtVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;
  private readonly claims: JwtClaimNames;
  private readonly clock: Clock;

  constructor(private readonly options: JwtVerifierOptions) {
    if (options.algorithms.length === 0 || options.algorithms.some((alg) => alg.toLowerCase() === 'none')) {
      throw new Error('oauth.algorithms must list at least one signing algorithm and never "none"');
    }
    this.keys =
      options.jwks instanceof URL
        ? createRemoteJWKSet(options.jwks, { timeoutDuration: 5000, cooldownDuration: 30_000 })
        : createLocalJWKSet(options.jwks);
    this.claims = { ...DEFAULT_CLAIMS, ...options.claims };
    this.clock = options.clock ?? systemClock;
  }

  /** The token's principal, or why it was refused. Never throws for a bad token. */
  async verify(token: string): Promise<JwtVerification> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: [
          ...(typeof this.options.audience === 'string' ? [this.options.audience] : this.options.audience),
        ],
        algorithms: [...this.options.algorithms],
        // A token without an expiry would be valid forever; one without a subject names nobody.
        requiredClaims: ['exp', this.claims.principal],
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        currentDate: new Date(this.clock()),
      }));
    } catch (error) {
      return { ok: false, reason: rejectionOf(error) };
    }
    const principal = this.principalOf(payload);
    return principal ? { ok: true, principal } : { ok: false, reason: 'missing-claim' };
  }

  private principalOf(payload: JWTPayload): Principal | undefined {
    const id = payload[this.claims.principal];
    if (typeof id !== 'string' || id === '') return undefined;
    const tenant = payload[this.claims.tenant];
    const roles = payload[this.claims.roles];
    return {
      id,
      ...(typeof tenant === 'string' && tenant !== '' ? { tenantId: tenant } : {}),
      roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [],
      via: 'jwt',
      scopes: scopesOf(payload),
    };
  }
}

/** OAuth scopes from `scope` (space-separated, RFC 8693/9068) or `scp` (an array, common in practice). */
function scopesOf(payload: JWTPayload): string[] {
  if (typeof payload['scope'] === 'string') return payload['scope'].split(' ').filter((s) => s !== '');
  const scp = payload['scp'];
  return Array.isArray(scp) ? scp.filter((s): s is string => typeof s === 'string') : [];
}

function rejectionOf(error: unknown): JwtRejection {
  if (error instanceof errors.JWTExpired) return 'token-expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'wrong-audience';
    if (error.claim === 'iss') return 'wrong-issuer';
    if (error.claim === 'nbf' || error.claim === 'iat') return 'token-not-yet-valid';
    return 'missing-claim';
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'algorithm-not-allowed';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'unknown-signing-key';
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return 'jwks-unavailable';
  // Anything that is not a JOSE error (a failed fetch of a remote key set) is our side's problem, not the token's.
  return error instanceof errors.JOSEError ? 'malformed-token' : 'jwks-unavailable';
}
