import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { McpJsonRpcServer, StdioTransport } from '../../src/runtime/index.js';
import { cliPath, requireBuiltCli } from './helpers/cli.js';

/** Runs a stdio transport over in-memory streams and collects every line it writes. */
async function stdioPair(server = new McpJsonRpcServer({}, { onError: () => {} })) {
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: unknown[] = [];
  let buffer = '';
  output.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let i: number;
    while ((i = buffer.indexOf('\n')) !== -1) {
      lines.push(JSON.parse(buffer.slice(0, i)));
      buffer = buffer.slice(i + 1);
    }
  });
  const transport = new StdioTransport(server, input, output);
  await transport.start();
  const waitFor = async (count: number) => {
    for (let i = 0; i < 200 && lines.length < count; i++) await new Promise((r) => setTimeout(r, 5));
    return lines;
  };
  return { input, lines, waitFor, transport };
}

describe('stdio transport', () => {
  it('answers a malformed line with -32700 and keeps reading', async () => {
    const { input, waitFor } = await stdioPair();
    input.write('{not json\n');
    input.write('{"jsonrpc":"2.0","id":1,"method":"tools/list"}\n');
    expect(await waitFor(2)).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
      { jsonrpc: '2.0', id: 1, result: { tools: [] } },
    ]);
  });

  it('answers an oversized line once and skips it without buffering it all', async () => {
    const server = new McpJsonRpcServer({ limits: { maxBytes: 1024 } }, { onError: () => {} });
    const { input, waitFor } = await stdioPair(server);
    input.write(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${'x'.repeat(4096)}`);
    input.write(`${'y'.repeat(4096)}"}}\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n`);
    const lines = await waitFor(2);
    expect(lines[0]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(lines[1]).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
  });

  it('keeps the session opened by initialize for later requests on the connection', async () => {
    const { input, waitFor } = await stdioPair();
    input.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'c', version: '1' } } })}\n`,
    );
    await waitFor(1);
    // Batches are allowed only at 2025-03-26, so this works only if the connection kept its session.
    input.write(`${JSON.stringify([{ jsonrpc: '2.0', id: 2, method: 'ping' }])}\n`);
    expect((await waitFor(2))[1]).toEqual([{ jsonrpc: '2.0', id: 2, result: {} }]);
  });

  it('writes only JSON-RPC messages on stdout of the real CLI, and nothing else', async () => {
    requireBuiltCli();
    const child = spawn(process.execPath, [cliPath, 'serve', '--stdio', '--conformance']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdin.end(
      '{"jsonrpc":"2.0","id":1,"method":"ping"}\n{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"test_error_handling"}}\n',
    );
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const messages = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { jsonrpc: string; id: number });
    expect(messages.map((m) => [m.jsonrpc, m.id]).sort()).toEqual([
      ['2.0', 1],
      ['2.0', 2],
    ]);
  });
});

describe('official SDK v1 client over stdio (real child process)', () => {
  it('lists and calls tools', async () => {
    requireBuiltCli();
    const client = new Client({ name: 'interop-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [cliPath, 'serve', '--stdio', '--conformance'],
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('test_simple_text');
      const result = await client.callTool({ name: 'test_simple_text', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'This is a simple text response for testing.' }]);
      const failed = await client.callTool({ name: 'test_error_handling', arguments: {} });
      expect(failed.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});
