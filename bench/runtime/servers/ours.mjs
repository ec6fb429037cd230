// The reference runtime, bare pipeline (no security stages), default settings: sessions on, so the load generator
// initializes once and sends the session id like a real client.
import { McpJsonRpcServer } from '../../../lib/runtime/index.js';
import { HttpTransport } from '../../../lib/runtime/transports/http.js';
/* global fetch */

export async function start() {
  const server = new McpJsonRpcServer({ name: 'bench' });
  server.registry.registerTool({
    name: 'echo',
    description: 'Echoes its text',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    handler: (args) => ({ content: [{ type: 'text', text: String(args.text) }] }),
  });
  const transport = new HttpTransport(server, { host: '127.0.0.1', port: 0 });
  await transport.start();
  const init = await fetch(transport.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'bench', version: '1' },
      },
    }),
  });
  await init.text();
  const sessionId = init.headers.get('mcp-session-id');
  return {
    url: transport.url,
    headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    close: () => transport.close(1000),
  };
}
