import { describe, expect, it } from 'vitest';
import { McpJsonRpcServer, McpToolRegistry } from '../../src/runtime/index.js';

type ToolPage = { result: { tools: { name: string }[]; nextCursor?: string } };

function seedServer(): McpJsonRpcServer {
  const registry = new McpToolRegistry();
  registry.registerTool({
    name: 'echo',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    handler: (args) => `echo: ${String(args.text)}`,
  });
  return new McpJsonRpcServer({ pageSize: 2 }, { registry, onError: () => {} });
}

describe('McpJsonRpcServer.handleRequest', () => {
  it("answers the seed's listTools request", async () => {
    const response = await seedServer().handleRequest({
      jsonrpc: '2.0',
      method: 'listTools',
      params: {},
      id: 1,
    });
    expect(response).toMatchObject({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'echo' }] } });
  });

  it('accepts callTool as an alias of tools/call', async () => {
    const response = await seedServer().handleRequest({
      jsonrpc: '2.0',
      id: 2,
      method: 'callTool',
      params: { name: 'echo', arguments: { text: 'hi' } },
    });
    expect(response).toMatchObject({ result: { content: [{ type: 'text', text: 'echo: hi' }] } });
  });

  it('answers an unknown tool with -32602', async () => {
    const response = await seedServer().handleRequest({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'nope' },
    });
    expect(response).toMatchObject({ id: 3, error: { code: -32602, message: 'Unknown tool: nope' } });
  });

  it('answers an unknown method with -32601', async () => {
    const response = await seedServer().handleRequest({ jsonrpc: '2.0', id: 4, method: 'tools/destroy' });
    expect(response).toMatchObject({ id: 4, error: { code: -32601 } });
  });

  it('answers params of the wrong type with -32602', async () => {
    const response = await seedServer().handleRequest({
      jsonrpc: '2.0',
      id: 5,
      method: 'tools/call',
      params: { name: 7 },
    });
    expect(response).toMatchObject({ id: 5, error: { code: -32602 } });
  });

  it('answers a structurally invalid message with -32600', async () => {
    expect(await seedServer().handleRequest({ jsonrpc: '2.0', id: 6 })).toMatchObject({
      id: 6,
      error: { code: -32600 },
    });
  });

  it('sends nothing back for a notification', async () => {
    expect(
      await seedServer().handleRequest({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    ).toBeUndefined();
  });

  it('rejects batches outside protocol version 2025-03-26', async () => {
    const response = await seedServer().handleRequest([{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
    expect(response).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('serves batches where the negotiated version allows them', async () => {
    const server = seedServer();
    const init = await server.handleRequest({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
    });
    expect(init).toMatchObject({ result: { protocolVersion: '2025-03-26' } });
    const sessionId = [...server.sessions.all()][0]?.id;
    const responses = await server.handleRequest(
      [
        { jsonrpc: '2.0', id: 'a', method: 'ping' },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 'b', method: 'tools/list' },
      ],
      { sessionId },
    );
    expect(responses).toMatchObject([
      { id: 'a', result: {} },
      { id: 'b', result: { tools: [{ name: 'echo' }] } },
    ]);
  });

  it('negotiates the client version at initialize, or offers its latest', async () => {
    const params = (protocolVersion: string) => ({
      protocolVersion,
      capabilities: {},
      clientInfo: { name: 'c', version: '1' },
    });
    const known = await seedServer().handleRequest({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: params('2025-06-18'),
    });
    const unknown = await seedServer().handleRequest({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: params('1999-01-01'),
    });
    expect(known).toMatchObject({
      result: { protocolVersion: '2025-06-18', serverInfo: { name: 'mcp-safeguard-runtime' } },
    });
    expect(unknown).toMatchObject({ result: { protocolVersion: '2025-11-25' } });
  });

  it('answers the seed negotiateVersion request with the highest common version', async () => {
    const response = await seedServer().handleRequest({
      jsonrpc: '2.0',
      id: 1,
      method: 'negotiateVersion',
      params: { clientVersions: ['2025-03-26', '2025-06-18', '9.9'] },
    });
    expect(response).toMatchObject({ result: { version: '2025-06-18' } });
  });

  it('paginates tools/list with opaque cursors and rejects forged ones', async () => {
    const server = seedServer();
    for (const name of ['b', 'c', 'd']) server.registry.registerTool({ name, handler: () => name });
    const first = (await server.handleRequest({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
    })) as unknown as ToolPage;
    expect(first.result.tools.map((t: { name: string }) => t.name)).toEqual(['b', 'c']);
    const second = (await server.handleRequest({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/list',
      params: { cursor: first.result.nextCursor },
    })) as unknown as ToolPage;
    expect(second.result.tools.map((t: { name: string }) => t.name)).toEqual(['d', 'echo']);
    expect(second.result.nextCursor).toBeUndefined();
    for (const cursor of ['2', 'bWNwLXNnOjk5OTk5', '../../etc', 'x'.repeat(500)]) {
      const forged = await server.handleRequest({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/list',
        params: { cursor },
      });
      expect(forged).toMatchObject({ error: { code: -32602, message: 'Invalid cursor' } });
    }
  });

  it('maps an unexpected failure inside a method to -32603 without internals', async () => {
    const errors: unknown[] = [];
    const server = new McpJsonRpcServer({}, { onError: (e) => errors.push(e) });
    server.resources.registerResource({
      uri: 'test://broken',
      name: 'broken',
      read: () => {
        throw new Error('ENOENT /srv/secret/path');
      },
    });
    const response = await server.handleRequest({
      jsonrpc: '2.0',
      id: 9,
      method: 'resources/read',
      params: { uri: 'test://broken' },
    });
    expect(response).toEqual({ jsonrpc: '2.0', id: 9, error: { code: -32603, message: 'Internal error' } });
    expect(errors).toHaveLength(1);
  });

  it('does not offer resources or prompts methods when none are registered', async () => {
    const response = await seedServer().handleRequest({ jsonrpc: '2.0', id: 1, method: 'resources/list' });
    expect(response).toMatchObject({ error: { code: -32601 } });
  });

  it('aborts a running tool when the client cancels it, and sends no response', async () => {
    const server = seedServer();
    let aborted = false;
    server.registry.registerTool({
      name: 'slow',
      handler: (_args, { signal }) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () => ((aborted = true), resolve('stopped'))),
        ),
    });
    const call = server.handleRequest({
      jsonrpc: '2.0',
      id: 'slow-1',
      method: 'tools/call',
      params: { name: 'slow' },
    });
    await new Promise((r) => setTimeout(r, 20));
    await server.handleRequest({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 'slow-1' },
    });
    expect(await call).toBeUndefined();
    expect(aborted).toBe(true);
  });

  it('refuses a request id that is still in use in the same session', async () => {
    const server = seedServer();
    let release: () => void = () => {};
    server.registry.registerTool({
      name: 'wait',
      handler: () => new Promise((resolve) => (release = () => resolve('done'))),
    });
    const info = {
      sessionId: server.sessions.create({ protocolVersion: '2025-11-25', clientCapabilities: {} }).id,
    };
    const first = server.handleRequest(
      { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'wait' } },
      info,
    );
    await new Promise((r) => setTimeout(r, 20));
    const duplicate = await server.handleRequest({ jsonrpc: '2.0', id: 7, method: 'ping' }, info);
    expect(duplicate).toMatchObject({ id: 7, error: { code: -32600 } });
    release();
    expect(await first).toMatchObject({ id: 7, result: { content: [{ text: 'done' }] } });
    expect(await server.handleRequest({ jsonrpc: '2.0', id: 7, method: 'tools/list' }, info)).toMatchObject({
      result: {},
    });
  });
});
