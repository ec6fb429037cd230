import bcrypt from 'bcryptjs';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey, isApiKeyDigest } from '../../../src/runtime/auth/api-key.js';
import { ApiKeyVerifier } from '../../../src/runtime/auth/api-key-verifier.js';
import { Authenticator } from '../../../src/runtime/auth/authenticator.js';
import { MalformedCredentialError, readCredential } from '../../../src/runtime/auth/credentials.js';
import { JwtVerifier } from '../../../src/runtime/auth/jwt-verifier.js';
import { PasswordVerifier } from '../../../src/runtime/auth/password-verifier.js';
import type { RequestInfo } from '../../../src/runtime/pipeline/stage.js';
import { AUDIENCE, ISSUER, createTestIssuer } from './jwt-fixtures.js';

const KEY = generateApiKey();
const keys = new ApiKeyVerifier([
  { id: 'ci', digest: digestApiKey(KEY), principal: 'user-123', tenant: 'tenant-123', roles: ['user'] },
]);
const http = (headers: Record<string, string>): RequestInfo => ({ transport: 'http', headers });

describe('API keys', () => {
  it('are generated with 256 bits of randomness and a recognisable prefix', () => {
    expect(generateApiKey()).toMatch(/^sgk_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(generateApiKey());
  });

  it('are stored as sha256:<hex> digests', () => {
    expect(digestApiKey('secret')).toBe(
      'sha256:2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b',
    );
    expect(isApiKeyDigest(digestApiKey(KEY))).toBe(true);
    expect(isApiKeyDigest('sha256:ABC')).toBe(false);
  });

  it('verify to the configured principal', () => {
    expect(keys.verify(KEY)).toEqual({
      keyId: 'ci',
      principal: { id: 'user-123', tenantId: 'tenant-123', roles: ['user'], via: 'api-key' },
    });
  });

  it('do not verify when one character differs', () => {
    expect(keys.verify(KEY.slice(0, -1) + (KEY.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
  });

  it('refuse a configuration with a malformed digest or the same digest twice', () => {
    expect(() => new ApiKeyVerifier([{ id: 'x', digest: 'md5:abc', principal: 'p', roles: [] }])).toThrow(
      /digest/,
    );
    const d = digestApiKey('k');
    expect(
      () =>
        new ApiKeyVerifier([
          { id: 'a', digest: d, principal: 'p', roles: [] },
          { id: 'b', digest: d, principal: 'q', roles: [] },
        ]),
    ).toThrow(/twice/);
  });
});

describe('reading credentials from headers', () => {
  it('reads a bearer token, an X-API-Key and Basic credentials', () => {
    expect(readCredential({ authorization: 'Bearer abc.def' })).toEqual({ kind: 'bearer', token: 'abc.def' });
    expect(readCredential({ authorization: 'bearer abc' })).toEqual({ kind: 'bearer', token: 'abc' });
    expect(readCredential({ 'x-api-key': 'k-1' })).toEqual({ kind: 'api-key', key: 'k-1' });
    const basic = Buffer.from('ann:pa:ss').toString('base64');
    expect(readCredential({ authorization: `Basic ${basic}` })).toEqual({
      kind: 'basic',
      username: 'ann',
      password: 'pa:ss',
    });
  });

  it('says none when no credential header is present', () => {
    expect(readCredential({})).toEqual({ kind: 'none' });
  });

  it.each([
    ['a huge header', { authorization: `Bearer ${'a'.repeat(10_000)}` }],
    ['a scheme without a value', { authorization: 'Bearer' }],
    ['an unknown scheme', { authorization: 'Digest abc' }],
    ['a token with odd characters', { authorization: 'Bearer abc"def' }],
    ['a token with two parts', { authorization: 'Bearer abc def' }],
    ['a key with a control character', { 'x-api-key': 'abc\u0001def' }],
    ['a key with non-ASCII characters', { 'x-api-key': 'clé' }],
    ['two credentials at once', { authorization: 'Bearer a', 'x-api-key': 'b' }],
    ['Basic that is not base64', { authorization: 'Basic %%%' }],
    ['Basic without a colon', { authorization: `Basic ${Buffer.from('ann').toString('base64')}` }],
  ])('refuses %s', (_name, headers) => {
    expect(() => readCredential(headers)).toThrow(MalformedCredentialError);
  });
});

describe('bearer JWTs (OAuth 2.1 resource server)', async () => {
  const issuer = await createTestIssuer();
  const verifier = new JwtVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['ES256'],
    jwks: issuer.jwks,
  });

  it('accept a token for this audience and map its claims to a principal', async () => {
    expect(await verifier.verify(await issuer.sign())).toEqual({
      ok: true,
      principal: { id: 'user-1', tenantId: 'tenant-a', roles: ['user'], via: 'jwt', scopes: ['mcp:tools'] },
    });
  });

  it('refuse an expired token', async () => {
    const token = await issuer.sign({}, { expiresAt: Math.floor(Date.now() / 1000) - 60 });
    expect(await verifier.verify(token)).toEqual({ ok: false, reason: 'token-expired' });
  });

  it('refuse a token issued for another resource', async () => {
    const token = await issuer.sign({}, { audience: 'https://other.example/mcp' });
    expect(await verifier.verify(token)).toEqual({ ok: false, reason: 'wrong-audience' });
  });

  it('refuse a token from another issuer', async () => {
    const token = await issuer.sign({}, { issuer: 'https://evil.example' });
    expect(await verifier.verify(token)).toEqual({ ok: false, reason: 'wrong-issuer' });
  });

  it('refuse a forged token signed by another key under the same key id', async () => {
    const forger = await createTestIssuer('k1');
    expect(await verifier.verify(await forger.sign())).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuse an unsigned token (alg: none)', async () => {
    const token = new UnsecuredJWT({ sub: 'admin', roles: ['admin'] })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .encode();
    expect((await verifier.verify(token)).ok).toBe(false);
  });

  it('refuse a token signed with an algorithm that is not allowed (HS256)', async () => {
    const token = await new SignJWT({ sub: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'));
    expect(await verifier.verify(token)).toEqual({ ok: false, reason: 'algorithm-not-allowed' });
  });

  it('refuse a token without an expiry', async () => {
    const token = await issuer.sign({}, { expiresAt: null });
    expect(await verifier.verify(token)).toEqual({ ok: false, reason: 'missing-claim' });
  });

  it('follow an injected clock for expiry', async () => {
    const token = await issuer.sign();
    const later = new JwtVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['ES256'],
      jwks: issuer.jwks,
      clock: () => Date.now() + 3_600_000,
    });
    expect(await later.verify(token)).toEqual({ ok: false, reason: 'token-expired' });
  });

  it('cannot be configured to accept alg none', () => {
    expect(
      () => new JwtVerifier({ issuer: ISSUER, audience: AUDIENCE, algorithms: ['none'], jwks: issuer.jwks }),
    ).toThrow(/none/);
  });
});

describe('passwords', () => {
  const hash = bcrypt.hashSync('correct horse', 4);
  const passwords = new PasswordVerifier([
    { username: 'ann', passwordHash: hash, tenant: 't1', roles: ['admin'] },
  ]);

  it('verify with bcrypt to the user principal', async () => {
    expect(await passwords.verify('ann', 'correct horse')).toEqual({
      id: 'ann',
      tenantId: 't1',
      roles: ['admin'],
      via: 'password',
    });
  });

  it('refuse a wrong password and an unknown user alike', async () => {
    expect(await passwords.verify('ann', 'wrong')).toBeUndefined();
    expect(await passwords.verify('bob', 'correct horse')).toBeUndefined();
  });

  it('refuse a configuration holding a plain password instead of a hash', () => {
    expect(() => new PasswordVerifier([{ username: 'ann', passwordHash: 'hunter2', roles: [] }])).toThrow(
      /bcrypt/,
    );
  });
});

describe('Authenticator', async () => {
  const issuer = await createTestIssuer();
  const jwt = new JwtVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['ES256'],
    jwks: issuer.jwks,
  });
  const local = { id: 'local', roles: ['admin'], via: 'anonymous' as const };
  const auth = new Authenticator({ apiKeys: keys, jwt, stdio: { authenticate: false, principal: local } });

  it('accepts the key as a bearer token and as X-API-Key', async () => {
    const bearer = await auth.authenticate(http({ authorization: `Bearer ${KEY}` }));
    const header = await auth.authenticate(http({ 'x-api-key': KEY }));
    expect(bearer).toMatchObject({ ok: true, keyId: 'ci', principal: { id: 'user-123' } });
    expect(header).toMatchObject({ ok: true, keyId: 'ci', principal: { id: 'user-123' } });
  });

  it('tells a missing credential from a wrong one from a malformed one', async () => {
    expect(await auth.authenticate(http({}))).toMatchObject({ ok: false, reason: 'missing-credentials' });
    expect(await auth.authenticate(http({ 'x-api-key': 'sgk_wrong' }))).toMatchObject({
      ok: false,
      reason: 'unknown-api-key',
      bearerError: 'invalid_token',
    });
    expect(await auth.authenticate(http({ authorization: 'Token x' }))).toMatchObject({
      ok: false,
      reason: 'malformed-credentials',
      bearerError: 'invalid_request',
    });
  });

  it('sends JWT-shaped bearer tokens to the JWT verifier', async () => {
    const outcome = await auth.authenticate(http({ authorization: `Bearer ${await issuer.sign()}` }));
    expect(outcome).toMatchObject({ ok: true, principal: { id: 'user-1', via: 'jwt' } });
  });

  it('refuses Basic credentials when no users are configured', async () => {
    const basic = Buffer.from('ann:x').toString('base64');
    expect(await auth.authenticate(http({ authorization: `Basic ${basic}` }))).toMatchObject({
      ok: false,
      reason: 'unsupported-credentials',
    });
  });

  it('runs stdio requests as the local principal when stdio authentication is off (the default)', async () => {
    expect(await auth.authenticate({ transport: 'stdio', headers: {} })).toEqual({
      ok: true,
      principal: local,
    });
  });

  it('checks the key from the environment when stdio authentication is on', async () => {
    const on = (apiKey?: string) =>
      new Authenticator({
        apiKeys: keys,
        stdio: { authenticate: true, principal: local, ...(apiKey ? { apiKey } : {}) },
      });
    const stdio: RequestInfo = { transport: 'stdio', headers: {} };
    expect(await on(KEY).authenticate(stdio)).toMatchObject({ ok: true, principal: { id: 'user-123' } });
    expect(await on('sgk_wrong').authenticate(stdio)).toMatchObject({ ok: false, reason: 'unknown-api-key' });
    expect(await on().authenticate(stdio)).toMatchObject({ ok: false, reason: 'missing-credentials' });
  });
});
