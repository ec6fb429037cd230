// A multi-tenant knowledge-base MCP server: SDK v1 low-level Server, JWT bearer tokens with a tenant claim,
// tenant-scoped tools, per-tenant and per-principal rate limits, OpenTelemetry traces and Prometheus metrics.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { currentTenant, runInTenant, toolsForTenant, type TenantContext, type TenantTool } from './tenancy.js';
import { logger, metrics, observeToolCall } from './telemetry.js';

const AUDIENCE = process.env.MCP_AUDIENCE ?? 'https://kb.example.com/mcp';
const ISSUER = process.env.OAUTH_ISSUER ?? 'https://login.example.com';
const jwks = createRemoteJWKSet(new URL(`${ISSUER}/.well-known/jwks.json`));

const perTenant = new RateLimiterMemory({ points: 600, duration: 60 });
const perPrincipal = new RateLimiterMemory({ points: 60, duration: 60 });

const searchInput = z.object({ query: z.string().min(1).max(500), limit: z.number().int().min(1).max(50).default(10) }).strict();

const tools: TenantTool[] = [
  { name: 'search', description: 'Searches the tenant knowledge base.', scope: 'kb:read' },
  { name: 'acme_invoices', description: 'Looks up ACME invoices.', tenantId: 'acme', scope: 'kb:read' },
];

function createServer(): Server {
  const server = new Server({ name: 'knowledge-base', version: '4.2.0' }, { capabilities: { tools: { listChanged: false } } });

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const { tenantId } = currentTenant();
    return {
      tools: toolsForTenant(tools, tenantId).map(({ name, description }) => ({
        name,
        description,
        inputSchema: { type: 'object', properties: { query: { type: 'string', maxLength: 500 } }, required: ['query'] },
      })),
    };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const context = currentTenant();
    const tool = toolsForTenant(tools, context.tenantId).find((t) => t.name === request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    if (!context.scopes.includes(tool.scope)) {
      logger.warn({ principal: context.principal, tenant: context.tenantId, tool: tool.name }, 'authorization denied');
      return { content: [{ type: 'text', text: 'Missing scope for this tool.' }], isError: true };
    }
    try {
      await perTenant.consume(context.tenantId);
      await perPrincipal.consume(`${context.tenantId}:${context.principal}`);
    } catch (rejection) {
      const retryAfter = Math.ceil((rejection as RateLimiterRes).msBeforeNext / 1000);
      logger.warn({ tenant: context.tenantId, retryAfter }, 'rate limit exceeded');
      return { content: [{ type: 'text', text: `Rate limited; retry after ${retryAfter}s.` }], isError: true };
    }
    const parsed = searchInput.safeParse(request.params.arguments);
    if (!parsed.success) {
      return { content: [{ type: 'text', text: parsed.error.issues.map((i) => i.message).join('; ') }], isError: true };
    }
    return observeToolCall(tool.name, context.tenantId, async () => {
      logger.info({ requestId: context.requestId, tenant: context.tenantId, tool: tool.name }, 'tool invoked');
      const hits = await searchKnowledgeBase(context.tenantId, parsed.data.query, parsed.data.limit, extra.signal);
      return { content: [{ type: 'text', text: JSON.stringify(hits) }] };
    });
  });
  return server;
}

// Every query is scoped by tenant id: one tenant's documents are never searched for another.
async function searchKnowledgeBase(tenantId: string, query: string, limit: number, signal: AbortSignal) {
  signal.throwIfAborted();
  return [{ tenantId, title: `Results for ${query}`, rank: 1 }].slice(0, limit);
}

async function authenticate(authorization: string | undefined): Promise<Omit<TenantContext, 'requestId'>> {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  if (!token) throw new McpError(-32001, 'Authentication required');
  const { payload } = await jwtVerify(token, jwks, { issuer: ISSUER, audience: AUDIENCE });
  if (typeof payload.tenant !== 'string' || typeof payload.sub !== 'string') throw new McpError(-32001, 'Token lacks tenant');
  return { tenantId: payload.tenant, principal: payload.sub, scopes: String(payload.scope ?? '').split(' ') };
}

// Sessions remember who opened them; resuming one as another principal or tenant fails.
const sessions = new Map<string, { transport: StreamableHTTPServerTransport; tenantId: string; principal: string }>();

const app = express();
app.use(express.json({ limit: '256kb' }));

app.get('/metrics', async (_req, res) => {
  res.type(metrics.contentType).send(await metrics.metrics());
});

app.post('/mcp', async (req, res) => {
  let identity: Omit<TenantContext, 'requestId'>;
  try {
    identity = await authenticate(req.headers.authorization);
  } catch {
    logger.warn({ path: req.path }, 'authentication failed');
    res.status(401).set('WWW-Authenticate', `Bearer resource_metadata="${AUDIENCE}/.well-known/oauth-protected-resource"`).end();
    return;
  }
  const context: TenantContext = { ...identity, requestId: randomUUID() };
  const sessionId = req.header('mcp-session-id');
  let session = sessionId ? sessions.get(sessionId) : undefined;
  if (session && (session.tenantId !== context.tenantId || session.principal !== context.principal)) {
    res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
    return;
  }
  if (!session) {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableDnsRebindingProtection: true,
      allowedHosts: ['127.0.0.1', 'localhost'],
      allowedOrigins: ['http://localhost:6274'],
      onsessioninitialized: (id) => sessions.set(id, { transport, tenantId: context.tenantId, principal: context.principal }),
    });
    session = { transport, tenantId: context.tenantId, principal: context.principal };
    await createServer().connect(transport);
  }
  await runInTenant(context, () => session!.transport.handleRequest(req, res, req.body));
});

app.listen(Number(process.env.PORT ?? 3003), process.env.HOST ?? '127.0.0.1');
