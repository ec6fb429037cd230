// A legacy HTTP+SSE MCP server (the 2024-11-05 transport) on the official SDK v1 and Express, as many early
// servers were written: a shared API key from the environment, console logging, no limits.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { z } from 'zod';

const API_KEY = process.env.SEARCH_API_KEY ?? '';
const server = new McpServer({ name: 'search', version: '0.2.0' });

server.registerTool(
  'search_docs',
  { description: 'Full-text search over the product documentation.', inputSchema: { query: z.string().min(2).max(200) } },
  async ({ query }) => {
    const response = await fetch(`https://search.example.com/api?q=${encodeURIComponent(query)}`, {
      headers: { 'x-api-key': API_KEY },
    });
    if (!response.ok) {
      return { content: [{ type: 'text', text: 'Search is unavailable right now.' }], isError: true };
    }
    return { content: [{ type: 'text', text: await response.text() }] };
  },
);

const transports = new Map<string, SSEServerTransport>();
const app = express();

app.get('/sse', async (req, res) => {
  if (req.header('x-api-key') !== API_KEY) {
    res.status(401).end();
    return;
  }
  const transport = new SSEServerTransport('/messages', res);
  transports.set(transport.sessionId, transport);
  res.on('close', () => transports.delete(transport.sessionId));
  console.log('client connected', transport.sessionId);
  await server.connect(transport);
});

app.post('/messages', express.json(), async (req, res) => {
  const transport = transports.get(String(req.query.sessionId));
  if (!transport) {
    res.status(404).send('unknown session');
    return;
  }
  await transport.handlePostMessage(req, res, req.body);
});

app.listen(Number(process.env.PORT ?? 3004));
