// A currency-conversion MCP server: the SDK v1 low-level Server behind Fastify, stateless Streamable HTTP,
// @fastify/rate-limit per API key, ajv-validated arguments and Fastify's pino logger.
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import Ajv from 'ajv';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { authenticate } from './auth.js';
import { rates } from './rates.js';

const ALLOWED_ORIGINS = new Set((process.env.ALLOWED_ORIGINS ?? 'http://localhost:5173').split(','));

const convertSchema = {
  type: 'object',
  properties: {
    amount: { type: 'number', minimum: 0, maximum: 1e12 },
    from: { type: 'string', pattern: '^[A-Z]{3}$' },
    to: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
  required: ['amount', 'from', 'to'],
  additionalProperties: false,
} as const;

const ajv = new Ajv({ allErrors: true });
// Compiled once at start-up, not per request.
const validateConvert = ajv.compile<{ amount: number; from: string; to: string }>(convertSchema);

function createServer(): Server {
  const server = new Server({ name: 'fx', version: '1.0.3' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: 'convert', description: 'Converts an amount between currencies.', inputSchema: convertSchema }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    if (request.params.name !== 'convert') {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    }
    const args = request.params.arguments;
    if (!validateConvert(args)) {
      return { content: [{ type: 'text', text: ajv.errorsText(validateConvert.errors) }], isError: true };
    }
    const rate = rates.get(`${args.from}/${args.to}`);
    if (rate === undefined) {
      return { content: [{ type: 'text', text: `No rate for ${args.from}/${args.to}.` }], isError: true };
    }
    return { content: [{ type: 'text', text: (args.amount * rate).toFixed(2) }] };
  });
  return server;
}

const app = Fastify({
  logger: { level: 'info', redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] },
  bodyLimit: 512 * 1024,
});

await app.register(rateLimit, {
  max: 60,
  timeWindow: '1 minute',
  keyGenerator: (request) => String(request.headers['x-api-key'] ?? request.ip),
});

app.addHook('onRequest', async (request, reply) => {
  // DNS-rebinding defence: browsers send Origin; anything not on the allow-list is refused.
  const origin = request.headers.origin;
  if (origin !== undefined && !ALLOWED_ORIGINS.has(origin)) {
    request.log.warn({ origin }, 'request from a forbidden origin rejected');
    return reply.code(403).send({ error: 'forbidden origin' });
  }
  const principal = await authenticate(request.headers['x-api-key']);
  if (!principal) {
    request.log.warn('authentication failed: unknown API key');
    return reply.code(401).send({ error: 'unauthorized' });
  }
});

app.setErrorHandler((error, request, reply) => {
  // Internals stay in the log; the client gets a generic message.
  request.log.error({ err: error }, 'request failed');
  reply.code(500).send({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
});

app.post('/mcp', async (request, reply) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  reply.raw.on('close', () => void transport.close());
  await createServer().connect(transport);
  await transport.handleRequest(request.raw, reply.raw, request.body);
});

await app.listen({ port: Number(process.env.PORT ?? 3001), host: process.env.HOST ?? '127.0.0.1' });
