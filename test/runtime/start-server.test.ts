import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { McpJsonRpcServer } from '../../src/runtime/server.js';
import { startServer } from '../../src/runtime/start-server.js';
import { HttpTransport } from '../../src/runtime/transports/http.js';
import { StdioTransport } from '../../src/runtime/transports/stdio.js';
import type { Transport } from '../../src/runtime/transports/transport.js';
import type { TransportHost } from '../../src/runtime/transports/transport-host.js';
import { initialize } from './helpers/http-server.js';

describe('serving a transport built outside the server', () => {
  it('startServer opens Streamable HTTP, and server.close() stops it', async () => {
    const server = new McpJsonRpcServer();
    const transport = (await startServer(server, { http: { host: '127.0.0.1', port: 0 } })) as HttpTransport;
    expect(await initialize(transport.url)).toMatch(/.+/);
    await server.close(1_000);
    await expect(fetch(transport.url, { method: 'POST' })).rejects.toThrow();
  });

  it('connect refuses a second transport while one is connected', async () => {
    const server = new McpJsonRpcServer();
    const first = new StdioTransport(server, new PassThrough(), new PassThrough());
    await server.connect(first);
    await expect(
      server.connect(new StdioTransport(server, new PassThrough(), new PassThrough())),
    ).rejects.toThrow(/already connected/);
    await server.close(0);
  });

  it('a transport needs nothing but the TransportHost interface', async () => {
    // The smallest transport: one text in, one reply out, written against the interface alone.
    class OneShot implements Transport {
      reply: unknown;
      constructor(private readonly host: TransportHost) {}
      async start(): Promise<void> {
        const info = { transport: 'stdio' as const, headers: {} };
        const ping = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'ping' });
        this.reply = (await this.host.receiveText(ping, info, { send: () => {} })).body;
      }
      async close(): Promise<void> {}
    }
    const server = new McpJsonRpcServer();
    const transport = new OneShot(server);
    await server.connect(transport);
    expect(transport.reply).toEqual({ jsonrpc: '2.0', id: 7, result: {} });
    await server.close(0);
  });
});
