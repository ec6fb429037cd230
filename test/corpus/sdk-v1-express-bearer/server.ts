// An issue-tracker MCP server: official SDK v1 over Streamable HTTP on Express, OAuth bearer tokens (JWT via jose),
// per-principal rate limiting and pino logs.
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import rateLimit from 'express-rate-limit';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import pino from 'pino';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { mcpAuthMetadataRouter, getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import { z } from 'zod';
import { listIssues, createIssue } from './issues.js';

const SERVER_URL = new URL(process.env.SERVER_URL ?? 'http://127.0.0.1:3000/mcp');
const ISSUER = process.env.OAUTH_ISSUER ?? 'https://auth.example.com';
const jwks = createRemoteJWKSet(new URL(`${ISSUER}/.well-known/jwks.json`));

const logger = pino({ level: 'info', redact: ['req.headers.authorization', '*.token'] });

// Tokens must be issued by our authorization server for this server (audience), never passed through upstream.
const verifier: OAuthTokenVerifier = {
  async verifyAccessToken(token) {
    const { payload } = await jwtVerify(token, jwks, { issuer: ISSUER, audience: SERVER_URL.href });
    return {
      token,
      clientId: String(payload.client_id ?? payload.sub),
      scopes: String(payload.scope ?? '').split(' ').filter(Boolean),
      expiresAt: payload.exp,
      resource: SERVER_URL,
    };
  },
};

function buildServer(principal: string): McpServer {
  const server = new McpServer({ name: 'issues', version: '2.1.0' });
  server.registerTool(
    'list_issues',
    {
      description: 'Lists open issues of a project.',
      inputSchema: { project: z.string().regex(/^[a-z0-9-]{1,64}$/), cursor: z.string().optional() },
      annotations: { readOnlyHint: true },
    },
    async ({ project, cursor }) => {
      logger.info({ tool: 'list_issues', principal, project }, 'tool invoked');
      const page = await listIssues(project, cursor);
      return { content: [{ type: 'text', text: JSON.stringify(page.items) }], structuredContent: page };
    },
  );
  server.registerTool(
    'create_issue',
    {
      description: 'Opens a new issue.',
      inputSchema: { project: z.string().regex(/^[a-z0-9-]{1,64}$/), title: z.string().min(1).max(200) },
      annotations: { destructiveHint: false },
    },
    async ({ project, title }, extra) => {
      if (!extra.authInfo?.scopes.includes('issues:write')) {
        logger.warn({ tool: 'create_issue', principal }, 'authorization denied: missing issues:write');
        return { content: [{ type: 'text', text: 'This token may not create issues.' }], isError: true };
      }
      logger.info({ tool: 'create_issue', principal, project }, 'tool invoked');
      const issue = await createIssue(project, title, principal);
      return { content: [{ type: 'text', text: `Created #${issue.number}` }] };
    },
  );
  return server;
}

// Sessions are bound to the principal that opened them: a session id alone grants nothing.
const sessions = new Map<string, { transport: StreamableHTTPServerTransport; principal: string }>();

const app = createMcpExpressApp();
app.use(
  mcpAuthMetadataRouter({
    oauthMetadata: {
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      response_types_supported: ['code'],
    },
    resourceServerUrl: SERVER_URL,
  }),
);

const bearer = requireBearerAuth({
  verifier,
  requiredScopes: ['issues:read'],
  resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(SERVER_URL),
  expectedResource: SERVER_URL,
});

const limiter = rateLimit({
  windowMs: 60_000,
  limit: 120,
  standardHeaders: 'draft-8',
  legacyHeaders: false,
  keyGenerator: (req) => req.auth?.clientId ?? 'anonymous',
});

app.post('/mcp', bearer, limiter, async (req: Request, res: Response) => {
  const principal = req.auth!.clientId;
  const sessionId = req.header('mcp-session-id');
  const existing = sessionId ? sessions.get(sessionId) : undefined;
  if (existing && existing.principal !== principal) {
    logger.warn({ principal }, 'session belongs to another principal');
    res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
    return;
  }
  let transport = existing?.transport;
  if (!transport) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport: transport!, principal });
      },
    });
    transport.onclose = () => {
      if (transport?.sessionId) sessions.delete(transport.sessionId);
    };
    await buildServer(principal).connect(transport);
  }
  await transport.handleRequest(req, res, req.body);
});

const httpServer = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  logger.info({ url: SERVER_URL.href }, 'issues server listening');
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    logger.info({ signal }, 'shutting down');
    httpServer.close(() => process.exit(0));
  });
}
