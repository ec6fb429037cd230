// A calendar MCP server on the official SDK v2 mounted in Express through @modelcontextprotocol/express and
// @modelcontextprotocol/node, with OAuth bearer tokens, per-user rate limits, and OpenTelemetry traces and metrics.
import { createMcpExpressApp, requireBearerAuth } from '@modelcontextprotocol/express';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { McpServer, createMcpHandler, type McpRequestContext, type OAuthTokenVerifier } from '@modelcontextprotocol/server';
import { metrics, trace } from '@opentelemetry/api';
import rateLimit from 'express-rate-limit';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as z from 'zod';

const RESOURCE = process.env.MCP_RESOURCE ?? 'https://calendar.example.com/mcp';
const jwks = createRemoteJWKSet(new URL(process.env.JWKS_URL ?? 'https://login.example.com/jwks'));
const tracer = trace.getTracer('calendar-mcp');
const calls = metrics.getMeter('calendar-mcp').createCounter('mcp_tool_calls');

const verifier: OAuthTokenVerifier = {
  async verifyAccessToken(token) {
    const { payload } = await jwtVerify(token, jwks, { audience: RESOURCE });
    return { token, clientId: String(payload.sub), scopes: String(payload.scope ?? '').split(' ') };
  },
};

function buildServer(ctx: McpRequestContext): McpServer {
  const user = ctx.authInfo?.clientId ?? 'anonymous';
  const server = new McpServer({ name: 'calendar', version: '1.3.0' });
  server.registerTool(
    'next_meetings',
    {
      description: "Lists the caller's next meetings.",
      inputSchema: z.strictObject({ count: z.number().int().min(1).max(20) }),
      annotations: { readOnlyHint: true },
    },
    async ({ count }) =>
      tracer.startActiveSpan('next_meetings', async (span) => {
        calls.add(1, { tool: 'next_meetings' });
        span.end();
        return { content: [{ type: 'text', text: `${user}: ${count} meetings` }] };
      }),
  );
  return server;
}

const app = createMcpExpressApp();
app.use(
  '/mcp',
  requireBearerAuth({ verifier, requiredScopes: ['calendar:read'] }),
  rateLimit({ windowMs: 60_000, limit: 30, keyGenerator: (req) => req.auth?.clientId ?? 'anonymous' }),
);
app.all('/mcp', toNodeHandler(createMcpHandler(buildServer)));
app.listen(Number(process.env.PORT ?? 3006), '127.0.0.1');
