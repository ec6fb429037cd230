// The reference runtime with the whole security pipeline on, for bench/runtime: API-key authentication,
// authorization, a rate limit high enough never to refuse, JSON logs written to a file, and Prometheus metrics.
// Same tool and transport settings as the bare server, so the difference between the two is the security stages.
// Requests must carry `headers` (the API key) returned by start().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestApiKey, generateApiKey } from '../../../lib/runtime/auth/api-key.js';
import { parseServerConfig } from '../../../lib/runtime/config/load.js';
import { McpJsonRpcServer, McpToolRegistry } from '../../../lib/runtime/index.js';
import { createSecurityStages } from '../../../lib/runtime/security.js';

/** Starts the server on 127.0.0.1 and a free port. */
export async function start() {
  const key = generateApiKey();
  const logDir = mkdtempSync(join(tmpdir(), 'safeguard-bench-'));
  const config = parseServerConfig({
    security: {
      api_keys: [
        {
          id: 'bench',
          hash: digestApiKey(key),
          principal: 'bench-user',
          tenant: 'bench-tenant',
          roles: ['user'],
        },
      ],
      roles: { admin: ['*'], user: ['read', 'execute'] },
    },
    rate_limit: {
      requests_per_minute: 1_000_000_000,
      burst: 1_000_000_000,
      per: ['principal', 'tenant', 'tool'],
    },
    logging: { level: 'info', destination: join(logDir, 'requests.log') },
    metrics: { enabled: true },
  });
  const registry = new McpToolRegistry();
  registry.registerTool({
    name: 'echo',
    description: 'Echoes its text.',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    handler: ({ text }) => ({ content: [{ type: 'text', text: String(text) }] }),
  });
  let server;
  const security = createSecurityStages(config, {
    registry,
    transport: 'http',
    activeSessions: () => (server ? [...server.sessions.all()].length : 0),
  });
  server = new McpJsonRpcServer(
    {
      transport: 'http',
      sessionsRequired: false,
      http: { host: '127.0.0.1', port: 0, routes: Object.fromEntries(security.httpRoutes) },
    },
    { registry, security },
  );
  const transport = await server.start();
  return {
    url: transport.url,
    headers: { authorization: `Bearer ${key}` },
    logFile: join(logDir, 'requests.log'),
    close: async () => {
      await server.close(100);
      await security.close();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
