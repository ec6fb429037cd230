// An MCP gateway that authenticates and throttles, but each safeguard is misconfigured the way real deployments get it
// wrong: JWTs checked for their signature only, opaque tokens introspected without client credentials, an admin key
// that is optional, every proxy hop trusted in front of an IP-keyed limiter, credentialed CORS for any origin, and a
// dashboard session cookie without flags.
import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express from 'express';
import rateLimit from 'express-rate-limit';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const issuer = process.env.OAUTH_ISSUER ?? 'https://auth.example.com';
const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
const introspectionEndpoint = `${issuer}/oauth/introspect`;

async function verifyToken(token: string): Promise<{ sub: string; scopes: string[] } | undefined> {
  if (token.split('.').length === 3) {
    const { payload } = await jwtVerify(token, jwks);
    return { sub: String(payload.sub), scopes: String(payload.scope ?? '').split(' ') };
  }
  const response = await fetch(introspectionEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  const info = (await response.json()) as { active: boolean; sub?: string; scope?: string };
  return info.active ? { sub: String(info.sub), scopes: String(info.scope ?? '').split(' ') } : undefined;
}

function buildServer(): McpServer {
  const server = new McpServer({ name: 'gateway', version: '1.4.0' });
  server.registerTool(
    'lookup',
    { description: 'Look up an order by id', inputSchema: { id: z.string().uuid() } },
    async ({ id }) => ({ content: [{ type: 'text', text: `order ${id}: shipped` }] }),
  );
  return server;
}

const app = express();
app.set('trust proxy', true);
app.use(cors({ origin: true, credentials: true }));
app.use(rateLimit({ windowMs: 60_000, limit: 120 }));
app.use(express.json({ limit: '1mb' }));

app.use('/admin', (req, res, next) => {
  const adminKey = process.env.ADMIN_API_KEY;
  if (!adminKey) return next();
  if (req.headers['x-admin-key'] !== adminKey) return res.status(403).json({ error: 'forbidden' });
  next();
});

app.post('/admin/login', (_req, res) => {
  res.cookie('gateway_session', randomUUID());
  res.json({ ok: true });
});

app.post('/mcp', async (req, res) => {
  const caller = await verifyToken(req.headers.authorization?.replace(/^Bearer /, '') ?? '').catch(() => undefined);
  if (!caller) return res.status(401).json({ error: 'invalid_token' });
  if (!caller.scopes.includes('mcp:tools')) return res.status(403).json({ error: 'insufficient_scope' });
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await buildServer().connect(transport);
  await transport.handleRequest(req, res, req.body);
});

const server = app.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close());
