import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialize, jsonHeaders, post, startHttpServer } from './helpers/http-server.js';

type Started = Awaited<ReturnType<typeof startHttpServer>>;
let running: Started;

beforeEach(async () => {
  running = await startHttpServer({}, { limits: { maxBytes: 64 * 1024, maxDepth: 32 } });
});
afterEach(async () => {
  await running.close();
});

const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };

describe('Streamable HTTP: sessions', () => {
  it('issues a random session id at initialize and serves requests that carry it', async () => {
    const a = await initialize(running.url);
    const b = await initialize(running.url);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    const res = await post(running.url, list, { 'mcp-session-id': a });
    expect(res.status).toBe(200);
    expect(res.json.result.tools.map((t: { name: string }) => t.name)).toContain('test_simple_text');
  });

  it('answers 400 when a session-era request has no session id', async () => {
    const res = await post(running.url, list);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/Mcp-Session-Id/);
  });

  it('answers 404 for an unknown session id', async () => {
    const res = await post(running.url, list, { 'mcp-session-id': 'forged-session' });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ id: 1, error: { code: -32004 } });
  });

  it('ends a session on DELETE, closing its stream; the id is unknown afterwards', async () => {
    const id = await initialize(running.url);
    const stream = await fetch(running.url, {
      headers: { accept: 'text/event-stream', 'mcp-session-id': id },
    });
    const del = await fetch(running.url, { method: 'DELETE', headers: { 'mcp-session-id': id } });
    expect(del.status).toBe(200);
    expect(await stream.text()).toBe(''); // the stream ended
    expect((await post(running.url, list, { 'mcp-session-id': id })).status).toBe(404);
  });

  it('answers 202 with no body for a notification', async () => {
    const id = await initialize(running.url);
    const res = await fetch(running.url, {
      method: 'POST',
      headers: { ...jsonHeaders, 'mcp-session-id': id },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
  });
});

describe('Streamable HTTP: bad input', () => {
  it('answers malformed JSON with 400 and -32700, then keeps serving', async () => {
    const bad = await post(running.url, '{"jsonrpc":"2.0", "id": 1, "method": ');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ id: null, error: { code: -32700 } });
    const id = await initialize(running.url);
    expect((await post(running.url, list, { 'mcp-session-id': id })).status).toBe(200);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await post(running.url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(70_000) },
    });
    expect(res.status).toBe(413);
  });

  it('answers a deeply nested body with 400 and -32600', async () => {
    const deep = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":${'['.repeat(40)}${']'.repeat(40)}}}`;
    const res = await post(running.url, deep);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: -32600 });
  });

  it('answers an unsupported MCP-Protocol-Version header with 400', async () => {
    const id = await initialize(running.url);
    const res = await post(running.url, list, { 'mcp-session-id': id, 'mcp-protocol-version': '1999-01-01' });
    expect(res.status).toBe(400);
  });

  it('answers a JSON-RPC request with the wrong types with -32600 and the id', async () => {
    const res = await post(running.url, { jsonrpc: '2.0', id: 'x', method: ['tools/list'] });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ id: 'x', error: { code: -32600 } });
  });

  it('answers an unknown method with -32601', async () => {
    const id = await initialize(running.url);
    const res = await post(
      running.url,
      { jsonrpc: '2.0', id: 3, method: 'tools/explode' },
      { 'mcp-session-id': id },
    );
    expect(res.json).toMatchObject({ id: 3, error: { code: -32601 } });
  });

  it('refuses a non-JSON content type with 415 and an Accept without JSON with 406', async () => {
    const text = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'application/json' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    const accept = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: '{}',
    });
    expect(accept.status).toBe(406);
  });

  it('ignores __proto__ keys in arguments and does not pollute prototypes', async () => {
    const id = await initialize(running.url);
    const body = `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"json_schema_2020_12_tool","arguments":{"email":"e","__proto__":{"polluted":true}}}}`;
    const res = await post(running.url, body, { 'mcp-session-id': id });
    expect(res.json.result.content[0].text).toBe('Received: {"email":"e"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('Streamable HTTP: DNS rebinding protection', () => {
  function rawPost(headers: Record<string, string>): Promise<number> {
    const { port } = new URL(running.url);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { ...jsonHeaders, ...headers } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-11-25',
            capabilities: {},
            clientInfo: { name: 'c', version: '1' },
          },
        }),
      );
    });
  }

  it('refuses a foreign Origin with 403', async () => {
    expect(await rawPost({ origin: 'http://evil.example.com' })).toBe(403);
  });

  it('refuses a foreign Host with 403', async () => {
    expect(await rawPost({ host: 'evil.example.com' })).toBe(403);
  });

  it('accepts loopback Host and Origin', async () => {
    const { port } = new URL(running.url);
    expect(await rawPost({ host: `localhost:${port}`, origin: `http://localhost:${port}` })).toBe(200);
  });
});

describe('Streamable HTTP: streams', () => {
  it('streams progress notifications before the result as server-sent events', async () => {
    const id = await initialize(running.url);
    const res = await post(
      running.url,
      {
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'test_tool_with_progress', _meta: { progressToken: 'p1' } },
      },
      { 'mcp-session-id': id },
    );
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.events.map((e) => e.params?.progress ?? 'result')).toEqual([0, 50, 100, 'result']);
    expect(res.events.at(-1)).toMatchObject({ id: 7, result: { content: [{ type: 'text' }] } });
  });

  it('delivers list-changed notifications on the session GET stream', async () => {
    const id = await initialize(running.url);
    const controller = new AbortController();
    const res = await fetch(running.url, {
      headers: { accept: 'text/event-stream', 'mcp-session-id': id },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    running.server.registry.registerTool({ name: 'late_tool', handler: () => 'late' });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('notifications/tools/list_changed');
    controller.abort();
  });

  it('sends resource updates only to sessions subscribed to that resource', async () => {
    const subscribed = await initialize(running.url);
    const other = await initialize(running.url);
    const subscribe = {
      jsonrpc: '2.0',
      id: 5,
      method: 'resources/subscribe',
      params: { uri: 'test://watched-resource' },
    };
    expect((await post(running.url, subscribe, { 'mcp-session-id': subscribed })).json).toMatchObject({
      result: {},
    });
    const controller = new AbortController();
    const open = (id: string) =>
      fetch(running.url, {
        headers: { accept: 'text/event-stream', 'mcp-session-id': id },
        signal: controller.signal,
      });
    const [mine, theirs] = await Promise.all([open(subscribed), open(other)]);
    running.server.notifyResourceUpdated('test://static-text');
    running.server.notifyResourceUpdated('test://watched-resource');
    const { value } = await mine.body!.getReader().read();
    const text = new TextDecoder().decode(value);
    expect(text).toContain('"notifications/resources/updated","params":{"uri":"test://watched-resource"}');
    expect(text).not.toContain('static-text');
    const silence = await Promise.race([
      theirs
        .body!.getReader()
        .read()
        .then(() => 'message'),
      new Promise((resolve) => setTimeout(() => resolve('silence'), 200)),
    ]);
    expect(silence).toBe('silence');
    controller.abort();
  });

  it('refuses a second GET stream for the same session with 409', async () => {
    const id = await initialize(running.url);
    const controller = new AbortController();
    const first = await fetch(running.url, {
      headers: { accept: 'text/event-stream', 'mcp-session-id': id },
      signal: controller.signal,
    });
    expect(first.status).toBe(200);
    const second = await fetch(running.url, {
      headers: { accept: 'text/event-stream', 'mcp-session-id': id },
    });
    expect(second.status).toBe(409);
    controller.abort();
  });

  it('aborts the tool when the client disconnects mid-stream and keeps serving others', async () => {
    let sawAbort: () => void = () => {};
    const aborted = new Promise<void>((resolve) => (sawAbort = resolve));
    running.server.registry.registerTool({
      name: 'hang',
      handler: async (_args, { signal, reportProgress }) => {
        await reportProgress(1, 2);
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        sawAbort();
        return 'never seen';
      },
    });
    const id = await initialize(running.url);
    const controller = new AbortController();
    const res = await fetch(running.url, {
      method: 'POST',
      headers: { ...jsonHeaders, 'mcp-session-id': id },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 8,
        method: 'tools/call',
        params: { name: 'hang', _meta: { progressToken: 1 } },
      }),
      signal: controller.signal,
    });
    await res.body!.getReader().read(); // the progress event: the stream is open
    controller.abort();
    await aborted;
    expect((await post(running.url, list, { 'mcp-session-id': id })).status).toBe(200);
  });

  it('accepts the answer to a server-to-client request only from the session it was sent to', async () => {
    const init = (caps: Record<string, unknown>) =>
      post(running.url, {
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: caps,
          clientInfo: { name: 't', version: '1' },
        },
      });
    const alice = (await init({ sampling: {} })).headers.get('mcp-session-id')!;
    const mallory = (await init({})).headers.get('mcp-session-id')!;
    const res = await fetch(running.url, {
      method: 'POST',
      headers: { ...jsonHeaders, 'mcp-session-id': alice },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'test_sampling', arguments: { prompt: 'hi' } },
      }),
    });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const request = JSON.parse(/data: (.*)/.exec(first)![1]!) as { id: string; method: string };
    expect(request.method).toBe('sampling/createMessage');
    const answer = (text: string) => ({
      jsonrpc: '2.0',
      id: request.id,
      result: { role: 'assistant', content: { type: 'text', text }, model: 'm' },
    });
    expect((await post(running.url, answer('forged'), { 'mcp-session-id': mallory })).status).toBe(202);
    await post(running.url, answer('genuine'), { 'mcp-session-id': alice });
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += new TextDecoder().decode(chunk.value);
    expect(rest).toContain('LLM response: genuine');
    expect(rest).not.toContain('forged');
  });
});
