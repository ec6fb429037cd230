// A calibration variant: the bare pipeline plus a fixed 10 µs busy loop per request, in the place the security
// stages take. It shows what a known amount of extra CPU per request costs in req/s on this machine, in the same run,
// so that the full pipeline's ratio can be read against it (on a shared 2-core machine the loss is larger than the
// CPU share, because client and server compete for the cores).
import { performance } from 'node:perf_hooks';
import { McpJsonRpcServer } from '../../../lib/runtime/index.js';
import { HttpTransport } from '../../../lib/runtime/transports/http.js';
import { echoTool, openSession } from '../session.mjs';

const EXTRA_MS = 0.01;
const pass = (_ctx, next) => next();
const busy = (_ctx, next) => {
  const until = performance.now() + EXTRA_MS;
  while (performance.now() < until);
  return next();
};
const stages = {
  observe: busy,
  authenticate: pass,
  authorize: pass,
  rateLimit: pass,
  canUseTool: () => true,
  canAccess: () => true,
};

export async function start() {
  const server = new McpJsonRpcServer({ name: 'bench' }, { security: stages });
  server.registry.registerTool(echoTool);
  const transport = new HttpTransport(server, { host: '127.0.0.1', port: 0 });
  await transport.start();
  const sessionId = await openSession(transport.url);
  return {
    url: transport.url,
    headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    close: () => transport.close(1000),
  };
}
