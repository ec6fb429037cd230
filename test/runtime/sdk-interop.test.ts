import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioTransportV2 } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, requireBuiltCli } from './helpers/cli.js';
import { startHttpServer } from './helpers/http-server.js';

let running: Awaited<ReturnType<typeof startHttpServer>>;
beforeAll(async () => {
  running = await startHttpServer();
});
afterAll(async () => {
  await running.close();
});

describe('official SDK v1 client over Streamable HTTP (session era)', () => {
  it('initializes, lists tools across pages and calls a tool', async () => {
    const client = new ClientV1({ name: 'interop-v1', version: '1.0.0' });
    const transport = new HttpTransportV1(new URL(running.url));
    await client.connect(transport);
    try {
      expect(transport.sessionId).toBeTruthy();
      expect(client.getServerVersion()?.name).toBe('mcp-safeguard-runtime');
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('json_schema_2020_12_tool');
      const result = await client.callTool({ name: 'test_simple_text', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'This is a simple text response for testing.' }]);
    } finally {
      await client.close();
    }
  });

  it('receives progress notifications and answers a sampling request from a tool', async () => {
    const client = new ClientV1({ name: 'interop-v1', version: '1.0.0' }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: 'assistant',
      content: { type: 'text', text: 'Paris' },
      model: 'test-model',
    }));
    await client.connect(new HttpTransportV1(new URL(running.url)));
    try {
      const progress: number[] = [];
      await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, {
        onprogress: (p) => progress.push(p.progress),
      });
      expect(progress).toEqual([0, 50, 100]);
      const sampled = await client.callTool({
        name: 'test_sampling',
        arguments: { prompt: 'Capital of France?' },
      });
      expect(sampled.content).toEqual([{ type: 'text', text: 'LLM response: Paris' }]);
    } finally {
      await client.close();
    }
  });
});

describe('official SDK v2 client (2026-07-28, stateless era)', () => {
  it('discovers the server, lists and calls tools over Streamable HTTP', async () => {
    const client = new ClientV2(
      { name: 'interop-v2', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(new HttpTransportV2(new URL(running.url)));
    try {
      expect(client.getProtocolEra()).toBe('modern');
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('test_simple_text');
      const result = await client.callTool({ name: 'test_simple_text', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'This is a simple text response for testing.' }]);
    } finally {
      await client.close();
    }
  });

  it('lists and calls tools over stdio against the real CLI', async () => {
    requireBuiltCli();
    const client = new ClientV2(
      { name: 'interop-v2', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(
      new StdioTransportV2({
        command: process.execPath,
        args: [cliPath, 'serve', '--stdio', '--conformance'],
      }),
    );
    try {
      expect(client.getProtocolEra()).toBe('modern');
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('test_image_content');
      const result = await client.callTool({ name: 'test_image_content', arguments: {} });
      expect(result.content[0]).toMatchObject({ type: 'image', mimeType: 'image/png' });
    } finally {
      await client.close();
    }
  });
});
