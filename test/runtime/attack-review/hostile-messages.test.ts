/**
 * Messages an attack review sent to a running server (issue 15, item 6), over a real socket: each is answered as the
 * client's mistake, never as an internal error, and nothing the client smuggles reaches a handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialize, post, startHttpServer } from '../helpers/http-server.js';

let server: Awaited<ReturnType<typeof startHttpServer>>;
let session: string;
/** What the `own-keys` tool last received. */
let received: Record<string, unknown> | undefined;

beforeAll(async () => {
  server = await startHttpServer();
  server.server.registry.registerTool({
    name: 'own-keys',
    handler: (args) => {
      received = args;
      return 'ok';
    },
  });
  session = await initialize(server.url);
});
afterAll(() => server.close());

const call = (body: unknown) => post(server.url, body, { 'mcp-session-id': session });

describe('hostile messages', () => {
  it('drop a __proto__ key spelled with a \\u escape before it reaches a tool handler', async () => {
    const text =
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"own-keys",' +
      '"arguments":{"a":{"__pro\\u0074o__":{"polluted":true},"b":1}}}}';
    const res = await call(text);
    expect(res.json.result.isError).not.toBe(true);
    const a = received?.['a'] as object;
    expect(Object.hasOwn(a, '__proto__')).toBe(false);
    expect(a).toEqual({ b: 1 });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'complete a prompt argument named %s to an empty list, not an error or a string',
    async (name) => {
      const res = await call({
        jsonrpc: '2.0',
        id: 2,
        method: 'completion/complete',
        params: {
          ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
          argument: { name, value: 'p' },
        },
      });
      expect(res.status).toBe(200);
      expect(res.json.result.completion).toEqual({ values: [], total: 0, hasMore: false });
    },
  );

  it('complete a template variable named constructor to an empty list', async () => {
    const res = await call({
      jsonrpc: '2.0',
      id: 3,
      method: 'completion/complete',
      params: {
        ref: { type: 'ref/resource', uri: 'test://template/{id}/data' },
        argument: { name: 'constructor', value: '1' },
      },
    });
    expect(res.json.result.completion.values).toEqual([]);
  });

  it('answer a bad percent-escape in a template URI with -32602, not an internal error', async () => {
    const res = await call({
      jsonrpc: '2.0',
      id: 4,
      method: 'resources/read',
      params: { uri: 'test://template/%E0%A4%A/data' },
    });
    expect(res.json.error.code).toBe(-32602);
    expect(res.json.error.message).toMatch(/percent-encoding/);
  });

  it('refuse an id above 2^53 - 1 as an invalid request instead of echoing it rounded', async () => {
    const res = await call('{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}');
    expect(res.status).toBe(400);
    expect(res.json.id).toBeNull();
    expect(res.json.error.code).toBe(-32600);
    expect(res.json.error.message).toMatch(/2\^53/);
  });

  it('echo the largest exact id, 2^53 - 1, as it came', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': session,
      },
      body: '{"jsonrpc":"2.0","id":9007199254740991,"method":"ping"}',
    });
    expect(await res.text()).toContain('"id":9007199254740991');
  });
});
