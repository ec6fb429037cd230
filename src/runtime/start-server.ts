import type { McpJsonRpcServer } from './server.js';
import { HttpTransport, type HttpTransportOptions } from './transports/http.js';
import { StdioTransport } from './transports/stdio.js';
import type { Transport } from './transports/transport.js';

/** Which transport `startServer` opens, and its settings. */
export interface StartOptions {
  /** Default http. */
  transport?: 'stdio' | 'http';
  /** HTTP settings; host defaults to 127.0.0.1, port to 3000, path to /mcp. */
  http?: HttpTransportOptions;
}

/**
 * Builds the transport the options name (Streamable HTTP on 127.0.0.1:3000/mcp by default, or stdin/stdout), connects
 * it to the server and starts it; `server.close()` stops it. This is what `server.start()` did when the server still
 * built its transports: `server.start()` with `{ transport, http }` in the server config is now
 * `startServer(server, { transport, http })`.
 */
export async function startServer(server: McpJsonRpcServer, options: StartOptions = {}): Promise<Transport> {
  const transport =
    options.transport === 'stdio' ? new StdioTransport(server) : new HttpTransport(server, options.http);
  await server.connect(transport);
  return transport;
}
