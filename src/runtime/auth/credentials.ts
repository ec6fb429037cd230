/**
 * Reads the credential a request presents, from `Authorization` (Bearer or Basic) or `X-API-Key`. Anything
 * malformed is refused here, before any verifier sees it: oversized headers, unknown schemes, characters outside
 * the token grammar, or two different credentials at once.
 */

/** The longest credential header we read (a large JWT fits; a header meant to exhaust memory does not). */
export const MAX_CREDENTIAL_HEADER_BYTES = 8192;

// RFC 6750 b64token: the characters a bearer token may use.
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
// API keys in X-API-Key: visible ASCII only (no spaces, control or non-ASCII characters).
const API_KEY = /^[\x21-\x7e]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type Credential =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'api-key'; key: string }
  | { kind: 'basic'; username: string; password: string };

/** Why a credential header was refused (safe to show: it never contains the credential). */
export class MalformedCredentialError extends Error {}

/** The credential in these (lower-cased) headers, or `{ kind: 'none' }`. Throws MalformedCredentialError. */
export function readCredential(headers: Readonly<Record<string, string | undefined>>): Credential {
  const authorization = headers['authorization'];
  const apiKey = headers['x-api-key'];
  if (authorization !== undefined && apiKey !== undefined) {
    throw new MalformedCredentialError('send either Authorization or X-API-Key, not both');
  }
  if (apiKey !== undefined) {
    checkLength(apiKey, 'X-API-Key');
    const key = apiKey.trim();
    if (!API_KEY.test(key))
      throw new MalformedCredentialError('X-API-Key contains characters outside visible ASCII');
    return { kind: 'api-key', key };
  }
  if (authorization === undefined) return { kind: 'none' };
  checkLength(authorization, 'Authorization');
  const match = /^([A-Za-z]+) +(\S+) *$/.exec(authorization);
  if (!match) throw new MalformedCredentialError('Authorization must be "<scheme> <credentials>"');
  const scheme = match[1]!.toLowerCase();
  const value = match[2]!;
  if (scheme === 'bearer') {
    if (!BEARER_TOKEN.test(value))
      throw new MalformedCredentialError('bearer token contains invalid characters');
    return { kind: 'bearer', token: value };
  }
  if (scheme === 'basic') return readBasic(value);
  throw new MalformedCredentialError('unsupported Authorization scheme (use Bearer)');
}

function checkLength(value: string, name: string): void {
  if (value.length > MAX_CREDENTIAL_HEADER_BYTES) {
    throw new MalformedCredentialError(`${name} header is longer than ${MAX_CREDENTIAL_HEADER_BYTES} bytes`);
  }
}

function readBasic(value: string): Credential {
  if (!BASE64.test(value)) throw new MalformedCredentialError('Basic credentials are not base64');
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new MalformedCredentialError('Basic credentials must be "user:password"');
  return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
