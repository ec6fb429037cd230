// A bookmark-reader MCP server: Hono on Node with the SDK v1 web-standard Streamable HTTP transport (stateless),
// Hono's bearer-auth, body-limit, request-id and logger middleware.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { logger } from 'hono/logger';
import { requestId } from 'hono/request-id';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { z } from 'zod';

// Only these hosts may be fetched: a tool argument picks a page, never an arbitrary host.
const ALLOWED_HOSTS = new Set(['docs.example.com', 'blog.example.com']);

function createServer(): McpServer {
  const server = new McpServer({ name: 'bookmarks', version: '0.9.0' });
  server.registerTool(
    'read_page',
    {
      description: 'Fetches a documentation page and returns its text.',
      inputSchema: { url: z.string().url() },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ url }, extra) => {
      const target = new URL(url);
      if (target.protocol !== 'https:' || !ALLOWED_HOSTS.has(target.hostname)) {
        return { content: [{ type: 'text', text: `Host ${target.hostname} is not allowed.` }], isError: true };
      }
      const response = await fetch(target, { signal: extra.signal, redirect: 'error' });
      return { content: [{ type: 'text', text: (await response.text()).slice(0, 50_000) }] };
    },
  );
  return server;
}

const app = new Hono();
app.use(logger());
app.use(requestId());
app.use('/mcp', bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.text('Payload too large', 413) }));
app.use('/mcp', bearerAuth({ token: process.env.BOOKMARKS_TOKEN ?? '' }));

app.post('/mcp', async (c) => {
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await createServer().connect(transport);
  return transport.handleRequest(c.req.raw);
});

app.get('/healthz', (c) => c.text('ok'));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8787), hostname: '127.0.0.1' });
