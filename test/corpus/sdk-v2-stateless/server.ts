// A weather MCP server on the official SDK v2, stateless (2026-07-28 era with the 2025 fallback), served as a
// web-standard fetch handler (Workers, Deno, Bun). Validation of Host and Origin sits in front of the handler, as the
// SDK documents, because the entry itself is deliberately validation-free.
import {
  McpServer,
  createMcpHandler,
  hostHeaderValidationResponse,
  localhostAllowedHostnames,
  validateOriginHeader,
  requireBearerAuth,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as z from 'zod';

const RESOURCE = process.env.MCP_RESOURCE ?? 'https://weather.example.com/mcp';
const ISSUER = process.env.OAUTH_ISSUER ?? 'https://auth.example.com';
const ALLOWED_ORIGINS = (process.env.ALLOWED_ORIGINS ?? 'localhost,127.0.0.1').split(',');
const jwks = createRemoteJWKSet(new URL(`${ISSUER}/.well-known/jwks.json`));

const verifier: OAuthTokenVerifier = {
  async verifyAccessToken(token) {
    const { payload } = await jwtVerify(token, jwks, { issuer: ISSUER, audience: RESOURCE });
    return { token, clientId: String(payload.sub), scopes: String(payload.scope ?? '').split(' '), resource: new URL(RESOURCE) };
  },
};

const forecastInput = z.object({
  city: z.string().min(1).max(100),
  days: z.number().int().min(1).max(7).default(3),
});

function createServer(): McpServer {
  const server = new McpServer({ name: 'weather', version: '3.0.0' });
  server.registerTool(
    'forecast',
    {
      description: 'Daily forecast for a city.',
      inputSchema: forecastInput,
      outputSchema: z.object({ days: z.array(z.object({ date: z.string(), high: z.number(), low: z.number() })) }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ city, days }, ctx) => {
      const forecast = await lookupForecast(city, days, ctx.mcpReq.signal);
      return { content: [{ type: 'text', text: JSON.stringify(forecast) }], structuredContent: forecast };
    },
  );
  return server;
}

// The forecast provider is fixed; tool arguments only choose the city, never the host.
async function lookupForecast(city: string, days: number, signal: AbortSignal) {
  const url = new URL('https://api.weather.example.com/v1/forecast');
  url.searchParams.set('city', city);
  url.searchParams.set('days', String(days));
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`forecast provider answered ${response.status}`);
  return (await response.json()) as { days: { date: string; high: number; low: number }[] };
}

const handler = createMcpHandler(createServer, { maxRequestBodySize: 256 * 1024 });
const gate = requireBearerAuth({ verifier, requiredScopes: ['weather:read'] });

export default {
  async fetch(request: Request): Promise<Response> {
    const hostRejected = hostHeaderValidationResponse(request, localhostAllowedHostnames());
    if (hostRejected) return hostRejected;
    const origin = validateOriginHeader(request.headers.get('origin'), ALLOWED_ORIGINS);
    if (!origin.ok) return new Response('Forbidden origin', { status: 403 });
    const auth = await gate(request);
    if (auth instanceof Response) return auth;
    return handler.fetch(request, { authInfo: auth });
  },
};
