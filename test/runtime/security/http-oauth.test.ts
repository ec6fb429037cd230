/** The OAuth 2.1 resource server over real sockets: JWKS served over HTTP by a test issuer, tokens checked by the runtime. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecuredServer, rpc, startSecuredServer } from './secured-server.js';
import { AUDIENCE, ISSUER, type TestIssuer, createTestIssuer } from './jwt-fixtures.js';

let issuer: TestIssuer;
let jwksServer: Server;
let server: SecuredServer;

beforeAll(async () => {
  issuer = await createTestIssuer();
  // The authorization server's key set, fetched by the runtime over a real socket.
  jwksServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issuer.jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  server = await startSecuredServer({
    security: {
      oauth: {
        issuer: ISSUER,
        resource: AUDIENCE,
        jwks_url: jwksUrl,
        algorithms: ['ES256'],
        scopes_supported: ['mcp:tools'],
        required_scopes: ['mcp:tools'],
      },
      roles: { admin: ['*'], user: ['read', 'execute'] },
    },
  });
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => jwksServer.close(resolve));
});

const stateless = (token: string) => ({ authorization: `Bearer ${token}` });
const initialize = (headers: Record<string, string>) =>
  rpc(
    server.url,
    'initialize',
    { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    headers,
  );

describe('bearer JWTs over HTTP', () => {
  it('accept a valid token for this resource', async () => {
    const reply = await initialize(stateless(await issuer.sign()));
    expect(reply.status).toBe(200);
    expect(reply.headers.get('mcp-session-id')).toBeTruthy();
  });

  it('point a client without a token at the protected-resource metadata', async () => {
    const reply = await initialize({});
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe(
      'Bearer realm="mcp", resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it.each([
    [
      'an expired token',
      () => issuer.sign({}, { expiresAt: Math.floor(Date.now() / 1000) - 120 }),
      'token-expired',
    ],
    [
      'a token for another audience',
      () => issuer.sign({}, { audience: 'https://elsewhere.example/mcp' }),
      'wrong-audience',
    ],
    [
      'a forged token (another key, same kid)',
      async () => (await createTestIssuer('k1')).sign(),
      'bad-signature',
    ],
  ])('refuse %s with 401 invalid_token', async (_name, makeToken, reason) => {
    const reply = await initialize(stateless(await makeToken()));
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const logged = server.log
      .lines()
      .filter((line) => line['event'] === 'auth_failed')
      .map((line) => line['reason']);
    expect(logged).toContain(reason);
  });

  it('refuse an alg:none token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        sub: 'root',
        roles: ['admin'],
        iss: ISSUER,
        aud: AUDIENCE,
        exp: Math.floor(Date.now() / 1000) + 60,
      }),
    ).toString('base64url');
    const reply = await initialize(stateless(`${header}.${payload}.`));
    expect(reply.status).toBe(401);
  });

  it('answer 403 insufficient_scope to a valid token without the required scope', async () => {
    const reply = await initialize(stateless(await issuer.sign({ scope: 'profile' })));
    expect(reply.status).toBe(403);
    expect(reply.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(reply.headers.get('www-authenticate')).toContain('scope="mcp:tools"');
  });

  it('serve the protected-resource metadata (RFC 9728)', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]) {
      const response = await fetch(server.origin + path);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        resource: AUDIENCE,
        authorization_servers: [ISSUER],
        bearer_methods_supported: ['header'],
        scopes_supported: ['mcp:tools'],
        resource_signing_alg_values_supported: ['ES256'],
      });
    }
  });

  it('never log the token', () => {
    expect(server.log.text()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
