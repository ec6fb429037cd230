// The reference runtime, bare pipeline (no security stages), default settings: sessions on, so the load generator
// initializes once and sends the session id like a real client.
import { McpJsonRpcServer } from '../../../lib/runtime/index.js';
import { HttpTransport } from '../../../lib/runtime/transports/http.js';
import { echoTool, openSession } from '../session.mjs';

/** The server without a transport (bench/runtime/in-process.mjs drives it directly); `parts` as for the server. */
export function build(parts = {}) {
  const server = new McpJsonRpcServer({ name: 'bench' }, parts);
  server.registry.registerTool(echoTool);
  return { server, headers: {}, close: async () => {} };
}

/** Serves `server` over HTTP on a free loopback port with a session open. */
export async function serveHttp(server) {
  const transport = new HttpTransport(server, { host: '127.0.0.1', port: 0 });
  await transport.start();
  const sessionId = await openSession(transport.url);
  return {
    url: transport.url,
    headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    close: () => transport.close(1000),
  };
}

export function start() {
  return serveHttp(build().server);
}
