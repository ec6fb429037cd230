/**
 * Bounded tool execution: a handler that never settles is answered with an `isError` result once its time limit is
 * up, and its request's signal is aborted so that a cooperative handler stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../src/runtime/config/load.js';
import { McpToolRegistry, ToolTimeoutError } from '../../src/runtime/tools/tool-registry.js';
import { IncomingRequest } from '../../src/runtime/pipeline/incoming-request.js';
import { nowhere } from '../../src/runtime/protocol/outlet.js';
import { initialize, post, startHttpServer } from './helpers/http-server.js';

const never = () => new Promise<never>(() => {});

function requestContext(): IncomingRequest {
  return new IncomingRequest(
    1,
    'tools/call',
    'tools/call',
    { name: 'hang' },
    { transport: 'http', headers: {} },
    '2025-11-25',
    nowhere,
  );
}

describe('McpToolRegistry time limits', () => {
  it('answers a call whose handler never settles with an isError result after timeoutMs', async () => {
    const failures: unknown[] = [];
    const registry = new McpToolRegistry();
    registry.onToolFailure = (_tool, error) => failures.push(error);
    registry.registerTool({ name: 'hang', timeoutMs: 30, handler: never });
    const started = performance.now();
    const result = await registry.executeTool('hang', {});
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Tool hang timed out after 30 ms' }],
      isError: true,
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(ToolTimeoutError);
  });

  it("aborts the request's signal when the time is up, with the timeout as the reason", async () => {
    const registry = new McpToolRegistry();
    let sawAbort: unknown;
    registry.registerTool({
      name: 'hang',
      timeoutMs: 20,
      handler: (_args, { signal }) =>
        new Promise((resolve) => signal.addEventListener('abort', () => resolve((sawAbort = signal.reason)))),
    });
    const ctx = requestContext();
    const result = await registry.executeTool('hang', {}, { ctx, signal: ctx.signal });
    expect(result.isError).toBe(true);
    expect(ctx.signal.aborted).toBe(true);
    expect(sawAbort).toBeInstanceOf(ToolTimeoutError);
  });

  it('applies the registry default to tools that declare no limit, and 0 turns the limit off', async () => {
    const bounded = new McpToolRegistry({ defaultTimeoutMs: 20 });
    bounded.registerTool({ name: 'hang', handler: never });
    expect((await bounded.executeTool('hang', {})).isError).toBe(true);

    const unbounded = new McpToolRegistry({ defaultTimeoutMs: 20 });
    unbounded.registerTool({
      name: 'slow',
      timeoutMs: 0,
      handler: () => new Promise((resolve) => setTimeout(() => resolve('done late'), 60)),
    });
    expect(await unbounded.executeTool('slow', {})).toEqual({
      content: [{ type: 'text', text: 'done late' }],
    });
  });

  it('leaves fast and synchronous handlers alone', async () => {
    const registry = new McpToolRegistry({ defaultTimeoutMs: 50 });
    registry.registerTool({ name: 'sync', handler: () => 'now' });
    registry.registerTool({ name: 'async', handler: async () => 'soon' });
    expect(await registry.executeTool('sync', {})).toEqual({ content: [{ type: 'text', text: 'now' }] });
    expect(await registry.executeTool('async', {})).toEqual({ content: [{ type: 'text', text: 'soon' }] });
  });
});

describe('tool time limits over HTTP', () => {
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  let stopped = false;
  beforeAll(async () => {
    server = await startHttpServer({}, { toolTimeoutMs: 40 });
    server.server.registry.registerTool({
      name: 'hang',
      handler: (_args, { signal }) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () => {
            stopped = true;
            resolve('too late');
          }),
        ),
    });
  });
  afterAll(() => server.close());

  it('answers a hung tools/call with an isError result and aborts the handler, then keeps serving', async () => {
    const session = await initialize(server.url);
    const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' };
    const call = (name: string, id: number) =>
      post(
        server.url,
        { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } },
        headers,
      );
    const hung = await call('hang', 1);
    expect(hung.status).toBe(200);
    expect(hung.json.result).toEqual({
      content: [{ type: 'text', text: 'Tool hang timed out after 40 ms' }],
      isError: true,
    });
    expect(stopped).toBe(true);
    const next = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'ping' }, headers);
    expect(next.json.result).toEqual({});
  });
});

describe('server.tool_timeout_ms in the serve config', () => {
  it('is read as the default time limit', () => {
    expect(parseServerConfig({ server: { tool_timeout_ms: 5000 } }).server.toolTimeoutMs).toBe(5000);
  });

  it('names the field when it is not a whole number of milliseconds', () => {
    expect(() => parseServerConfig({ server: { tool_timeout_ms: -1 } })).toThrow(/server\.tool_timeout_ms/);
    expect(() => parseServerConfig({ server: { tool_timeout_ms: 'soon' } })).toThrow(
      /server\.tool_timeout_ms/,
    );
  });
});
