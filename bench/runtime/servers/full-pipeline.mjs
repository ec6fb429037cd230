// The reference runtime with the whole security pipeline on, for bench/runtime: API-key authentication,
// authorization, a rate limit high enough never to refuse, JSON logs written to a file, and Prometheus metrics.
// Everything else is as in ours.mjs (sessions on, same tool, same transport), so the difference between the two is
// the security stages. The returned headers carry the API key and the session id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestApiKey, generateApiKey } from '../../../lib/runtime/auth/api-key.js';
import { parseServerConfig } from '../../../lib/runtime/config/load.js';
import { McpJsonRpcServer, McpToolRegistry } from '../../../lib/runtime/index.js';
import { createSecurityStages } from '../../../lib/runtime/security.js';
import { HttpTransport } from '../../../lib/runtime/transports/http.js';
import { echoTool, openSession } from '../session.mjs';

/**
 * The server and its security runtime without a transport (bench/runtime/in-process.mjs drives it directly).
 * `shared`: stores opened by openRedisSharedState (full-pipeline-redis.mjs); in memory otherwise.
 */
export function build(shared) {
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
  let server;
  const registry = new McpToolRegistry();
  const security = createSecurityStages(config, {
    registry,
    transport: 'http',
    activeSessions: () => (server ? [...server.sessions.all()].length : 0),
    ...(shared ? { rateLimitStore: shared.rateLimitStore } : {}),
  });
  server = new McpJsonRpcServer(
    { name: 'bench' },
    { registry, security, ...(shared ? { sessions: shared.sessions, relay: shared.relay } : {}) },
  );
  registry.registerTool(echoTool);
  return {
    server,
    security,
    headers: { authorization: `Bearer ${key}` },
    close: async () => {
      await security.close();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

export async function start(shared) {
  const built = build(shared);
  const transport = new HttpTransport(built.server, {
    host: '127.0.0.1',
    port: 0,
    routes: Object.fromEntries(built.security.httpRoutes),
  });
  await transport.start();
  const sessionId = await openSession(transport.url, built.headers);
  return {
    url: transport.url,
    headers: { ...built.headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    close: async () => {
      await transport.close(1000);
      await built.close();
    },
  };
}
