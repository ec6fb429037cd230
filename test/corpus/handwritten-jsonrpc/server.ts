// A hand-written MCP server over Streamable HTTP on node:http: JSON-RPC parsing, version negotiation, API keys,
// a token bucket, Origin validation, a body limit and winston logs, with no MCP SDK.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import winston from 'winston';
import { authenticateApiKey } from './auth.js';
import {
  InvalidParamsError,
  InvalidRequestError,
  MethodNotFoundError,
  ParseError,
  RateLimitExceeded,
  toJsonRpcError,
} from './errors.js';
import { TokenBucketLimiter } from './ratelimit.js';
import { ToolRegistry } from './registry.js';

const SUPPORTED_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'];
const MAX_BODY_BYTES = 1024 * 1024;
const ALLOWED_ORIGINS = new Set(['http://localhost', 'http://127.0.0.1']);

const log = winston.createLogger({
  level: 'info',
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })],
});

const registry = new ToolRegistry();
registry.registerTool({
  name: 'add',
  description: 'Adds two integers.',
  version: '1.0.0',
  inputSchema: {
    type: 'object',
    properties: { a: { type: 'integer' }, b: { type: 'integer' } },
    required: ['a', 'b'],
    additionalProperties: false,
  },
  handler: async (args) => String(Number(args.a) + Number(args.b)),
});

const limiter = new TokenBucketLimiter(60, 10);

/** Picks the client's version when we support it, else our latest (the spec's initialize rule). */
function negotiateVersion(requested: unknown): string {
  return typeof requested === 'string' && SUPPORTED_VERSIONS.includes(requested) ? requested : SUPPORTED_VERSIONS[0]!;
}

async function dispatch(method: string, params: Record<string, unknown>, principal: string, signal: AbortSignal) {
  switch (method) {
    case 'initialize':
      return {
        protocolVersion: negotiateVersion(params.protocolVersion),
        capabilities: { tools: { listChanged: true } },
        serverInfo: { name: 'calculator', version: '1.0.0' },
      };
    case 'ping':
      return {};
    case 'tools/list':
      return { tools: registry.listTools() };
    case 'tools/call': {
      const retryAfterMs = limiter.take(principal);
      if (retryAfterMs > 0) throw new RateLimitExceeded(retryAfterMs);
      if (typeof params.name !== 'string') throw new InvalidParamsError('name must be a string');
      log.info('tool invoked', { tool: params.name, principal });
      return registry.executeTool(params.name, params.arguments ?? {}, signal);
    }
    default:
      throw new MethodNotFoundError(method);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const origin = req.headers.origin;
  if (origin !== undefined && !ALLOWED_ORIGINS.has(origin)) {
    log.warn('forbidden origin rejected', { requestId, origin });
    res.writeHead(403).end();
    return;
  }
  const version = req.headers['mcp-protocol-version'];
  if (typeof version === 'string' && !SUPPORTED_VERSIONS.includes(version)) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `Unsupported protocol version ${version}` }));
    return;
  }
  let id: string | number | null = null;
  try {
    const principal = authenticateApiKey(req.headers['x-api-key'] as string | undefined);
    let message: { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
    try {
      message = JSON.parse(await readBody(req));
    } catch (error) {
      if ((error as { status?: number }).status === 413) {
        res.writeHead(413).end();
        return;
      }
      throw new ParseError();
    }
    if (message.jsonrpc !== '2.0' || typeof message.method !== 'string') throw new InvalidRequestError('not JSON-RPC 2.0');
    id = typeof message.id === 'string' || typeof message.id === 'number' ? message.id : null;
    if (message.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    const controller = new AbortController();
    req.on('close', () => controller.abort());
    const result = await dispatch(message.method, (message.params ?? {}) as Record<string, unknown>, principal, controller.signal);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id, result }));
  } catch (error) {
    const rpcError = toJsonRpcError(error);
    log.warn('request failed', { requestId, code: rpcError.code });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (error instanceof RateLimitExceeded) headers['retry-after'] = String(Math.ceil(Number(error.data?.retryAfterMs) / 1000));
    res.writeHead(rpcError.code === -32001 ? 401 : rpcError.code === -32029 ? 429 : 200, headers);
    res.end(JSON.stringify({ jsonrpc: '2.0', id, error: rpcError }));
  }
}

const server = createServer((req, res) => void handle(req, res));
server.listen(Number(process.env.PORT ?? 3002), '127.0.0.1');

process.on('SIGTERM', () => server.close());
