/** A real runtime with the security stages on, listening on 127.0.0.1:0, and a small HTTP client for it. */
import { parseServerConfig } from '../../../src/runtime/config/load.js';
import { McpJsonRpcServer, type ServerSettings } from '../../../src/runtime/server.js';
import { McpToolRegistry } from '../../../src/runtime/tools/tool-registry.js';
import { InMemorySessionStore, type SessionStoreOptions } from '../../../src/runtime/session/session.js';
import { type SecurityRuntime, createSecurityStages } from '../../../src/runtime/security.js';
import { HttpTransport } from '../../../src/runtime/transports/http.js';
import type { Clock } from '../../../src/runtime/ratelimit/clock.js';
import { type CapturedLog, captureLog } from './log-capture.js';

export interface SecuredServer {
  /** The MCP endpoint. */
  url: string;
  origin: string;
  security: SecurityRuntime;
  log: CapturedLog;
  close(): Promise<void>;
}

/** Starts a server from a config document with three tools: a global echo, tenant-a's ledger, and wipe (needs `wipe`). */
export async function startSecuredServer(
  configDocument: unknown,
  options: {
    clock?: Clock;
    baseDir?: string;
    sessions?: SessionStoreOptions;
    server?: Pick<ServerSettings, 'maxSubscriptions' | 'maxSubscriptionsPerPrincipal'>;
  } = {},
): Promise<SecuredServer> {
  const config = parseServerConfig(configDocument, { baseDir: options.baseDir ?? process.cwd() });
  const registry = new McpToolRegistry();
  registry.registerTool({
    name: 'echo',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    handler: (args) => `echo: ${String(args['text'])}`,
  });
  registry.registerTool({ name: 'ledger', tenant: 'tenant-a', handler: () => 'tenant-a ledger' });
  registry.registerTool({ name: 'wipe', permission: 'wipe', handler: () => 'wiped' });
  const sessions = new InMemorySessionStore(options.sessions);
  const log = captureLog();
  const security = createSecurityStages(config, {
    registry,
    activeSessions: () => [...sessions.all()].length,
    logDestination: log.stream,
    transport: 'http',
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server = new McpJsonRpcServer({ ...options.server }, { registry, sessions, security });
  const transport = new HttpTransport(server, {
    host: '127.0.0.1',
    port: 0,
    routes: Object.fromEntries(security.httpRoutes),
  });
  await server.connect(transport);
  const url = transport.url;
  return {
    url,
    origin: new URL(url).origin,
    security,
    log,
    close: async () => {
      await server.close(100);
      await security.close();
    },
  };
}

export interface HttpReply {
  status: number;
  headers: Headers;
  /** The JSON-RPC response (parsed from JSON or from the SSE stream), if any. */
  body: Record<string, unknown> | undefined;
}

let nextId = 1;

/** POSTs one JSON-RPC request (or notification when `notification` is set). */
export async function rpc(
  url: string,
  method: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  notification = false,
): Promise<HttpReply> {
  const message = notification
    ? { jsonrpc: '2.0', method, params }
    : { jsonrpc: '2.0', id: nextId++, method, params };
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
      ...headers,
    },
    body: JSON.stringify(message),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: parseBody(text, response.headers.get('content-type')),
  };
}

function parseBody(text: string, contentType: string | null): Record<string, unknown> | undefined {
  if (text === '') return undefined;
  if (contentType?.includes('text/event-stream')) {
    const data = text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => JSON.parse(line.slice(5)) as Record<string, unknown>);
    return data.find((message) => 'result' in message || 'error' in message);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/** Opens a session (initialize + notifications/initialized) with these credentials; returns its id. */
export async function openSession(url: string, headers: Record<string, string>): Promise<string> {
  const init = await rpc(
    url,
    'initialize',
    {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'security-test', version: '1.0.0' },
    },
    headers,
  );
  const sessionId = init.headers.get('mcp-session-id');
  if (init.status !== 200 || !sessionId)
    throw new Error(`initialize failed: ${init.status} ${JSON.stringify(init.body)}`);
  await rpc(url, 'notifications/initialized', {}, { ...headers, 'mcp-session-id': sessionId }, true);
  return sessionId;
}
