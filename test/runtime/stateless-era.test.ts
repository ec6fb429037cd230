import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonHeaders, post, startHttpServer } from './helpers/http-server.js';

let running: Awaited<ReturnType<typeof startHttpServer>>;
beforeAll(async () => {
  running = await startHttpServer();
});
afterAll(async () => {
  await running.close();
});

const V = '2026-07-28';
const meta = (caps: Record<string, unknown> = {}) => ({
  'io.modelcontextprotocol/protocolVersion': V,
  'io.modelcontextprotocol/clientCapabilities': caps,
});

/** A 2026-07-28 request with the headers the spec requires. */
function call(method: string, params: Record<string, unknown>, headers: Record<string, string> = {}) {
  const name: Record<string, string> = typeof params.name === 'string' ? { 'mcp-name': params.name } : {};
  return post(
    running.url,
    { jsonrpc: '2.0', id: 11, method, params },
    { 'mcp-protocol-version': V, 'mcp-method': method, ...name, ...headers },
  );
}

describe('2026-07-28 stateless era over HTTP', () => {
  it('answers server/discover with versions, capabilities and serverInfo in _meta', async () => {
    const res = await call('server/discover', { _meta: meta() });
    expect(res.status).toBe(200);
    expect(res.json.result).toMatchObject({
      supportedVersions: expect.arrayContaining([V, '2025-11-25']),
      capabilities: { tools: { listChanged: true } },
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'mcp-safeguard-runtime' } },
      resultType: 'complete',
    });
  });

  it('rejects a request without _meta with 400 and -32602', async () => {
    const res = await call('tools/list', {});
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ id: 11, error: { code: -32602 } });
  });

  it('rejects a protocol-version header that disagrees with _meta with 400 and -32020', async () => {
    const res = await call('tools/list', { _meta: meta() }, { 'mcp-protocol-version': '2025-11-25' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(-32020);
  });

  it('rejects an Mcp-Name header that disagrees with the tool name with -32020', async () => {
    const res = await call(
      'tools/call',
      { name: 'test_simple_text', _meta: meta() },
      { 'mcp-name': 'other' },
    );
    expect(res.json.error.code).toBe(-32020);
  });

  it('answers an unsupported version with -32022 naming supported and requested versions', async () => {
    const res = await call(
      'server/discover',
      { _meta: { ...meta(), 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } },
      { 'mcp-protocol-version': '2099-01-01' },
    );
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: -32022, data: { supported: [V], requested: '2099-01-01' } });
  });

  it('answers removed session-era methods with 404 and -32601', async () => {
    const res = await call('ping', { _meta: meta() });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe(-32601);
  });

  it('puts caching hints on list results', async () => {
    const res = await call('tools/list', { _meta: meta() });
    expect(res.json.result).toMatchObject({ ttlMs: 0, cacheScope: 'public', resultType: 'complete' });
  });

  it('answers a tool that needs input with input_required, then completes with the responses', async () => {
    const first = await call('tools/call', {
      name: 'test_input_required_result_request_state',
      _meta: meta({ elicitation: {} }),
    });
    expect(first.json.result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { confirm: { method: 'elicitation/create' } },
    });
    const second = await call('tools/call', {
      name: 'test_input_required_result_request_state',
      _meta: meta({ elicitation: {} }),
      inputResponses: { confirm: { action: 'accept', content: { ok: true } } },
      requestState: first.json.result.requestState,
    });
    expect(second.json.result).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'state-ok: confirmed=true' }],
    });
  });

  it('rejects a tampered requestState with -32602', async () => {
    const first = await call('tools/call', {
      name: 'test_input_required_result_multi_round',
      _meta: meta({ elicitation: {} }),
    });
    const step1 = { action: 'accept', content: { name: 'Ada' } };
    const second = await call('tools/call', {
      name: 'test_input_required_result_multi_round',
      _meta: meta({ elicitation: {} }),
      inputResponses: { step1 },
      requestState: first.json.result.requestState,
    });
    const state: string = second.json.result.requestState;
    const [body, mac] = state.split('.');
    const forged = JSON.parse(Buffer.from(body!, 'base64url').toString());
    forged.p.step1.content.name = 'Mallory';
    const tampered = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`;
    const res = await call('tools/call', {
      name: 'test_input_required_result_multi_round',
      _meta: meta({ elicitation: {} }),
      inputResponses: { step2: { action: 'accept', content: { color: 'blue' } } },
      requestState: tampered,
    });
    expect(res.json.error).toMatchObject({
      code: -32602,
      message: 'requestState failed its integrity check',
    });
  });

  it('refuses to replay a requestState on another tool', async () => {
    const first = await call('tools/call', {
      name: 'test_input_required_result_elicitation',
      _meta: meta({ elicitation: {} }),
    });
    const res = await call('tools/call', {
      name: 'test_input_required_result_tampered_state',
      _meta: meta({ elicitation: {} }),
      requestState: first.json.result.requestState,
    });
    expect(res.json.error.code).toBe(-32602);
  });

  it('answers a tool needing an undeclared client capability with 400 and -32021', async () => {
    const res = await call('tools/call', { name: 'test_missing_capability', _meta: meta() });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
  });

  it('sends no log notifications unless the request asks for a log level', async () => {
    const quiet = await call('tools/call', { name: 'test_logging_tool', _meta: meta() });
    expect(quiet.events).toEqual([]);
    const loud = await call('tools/call', {
      name: 'test_logging_tool',
      _meta: { ...meta(), 'io.modelcontextprotocol/logLevel': 'info' },
    });
    expect(loud.events.map((e) => e.method ?? 'result')).toEqual(['notifications/message', 'result']);
  });

  describe('x-mcp-header arguments (SEP-2243)', () => {
    const region = (value: string, headers: Record<string, string>) =>
      call(
        'tools/call',
        { name: 'test_custom_headers', arguments: { region: value }, _meta: meta() },
        headers,
      );

    it('lists the annotation and accepts a literal or Base64 header matching the argument', async () => {
      const list = await call('tools/list', { _meta: meta() });
      const tool = list.json.result.tools.find((t: { name: string }) => t.name === 'test_custom_headers');
      expect(tool.inputSchema.properties.region['x-mcp-header']).toBe('Region');
      expect((await region('eu-west', { 'mcp-param-region': 'eu-west' })).json.result).toBeDefined();
      const encoded = `=?base64?${Buffer.from('Zürich').toString('base64')}?=`;
      expect((await region('Zürich', { 'mcp-param-region': encoded })).json.result).toBeDefined();
    });

    it('rejects a missing, different or badly encoded header with 400 and -32020', async () => {
      const cases: Record<string, string>[] = [
        {},
        { 'mcp-param-region': 'us-east' },
        { 'mcp-param-region': '=?base64?SGVsbG8?=' },
      ];
      for (const headers of cases) {
        const res = await region('Hello', headers);
        expect(res.status).toBe(400);
        expect(res.json.error.code).toBe(-32020);
      }
    });
  });

  describe('subscriptions/listen', () => {
    async function listen(url: string, filter: Record<string, unknown>, signal: AbortSignal) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...jsonHeaders, 'mcp-protocol-version': V, 'mcp-method': 'subscriptions/listen' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 'sub-1',
          method: 'subscriptions/listen',
          params: { _meta: meta(), notifications: filter },
        }),
        signal,
      });
      const reader = res.body!.getReader();
      const next = async () => {
        const text = new TextDecoder().decode((await reader.read()).value);
        return JSON.parse(/data: (.*)/.exec(text)![1]!) as {
          method: string;
          params: Record<string, unknown>;
        };
      };
      return { res, next };
    }

    it('acknowledges first, then delivers the list changes asked for, tagged with the subscription id', async () => {
      const controller = new AbortController();
      const stream = await listen(
        running.url,
        { toolsListChanged: true, promptsListChanged: true },
        controller.signal,
      );
      expect(await stream.next()).toMatchObject({
        method: 'notifications/subscriptions/acknowledged',
        params: {
          notifications: { toolsListChanged: true, promptsListChanged: true },
          _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub-1' },
        },
      });
      running.server.registry.registerTool({ name: 'listen_probe', handler: () => 'x' });
      expect(await stream.next()).toMatchObject({
        method: 'notifications/tools/list_changed',
        params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub-1' } },
      });
      controller.abort();
    });

    it('ends open listen streams gracefully at shutdown instead of waiting out the grace period', async () => {
      const own = await startHttpServer();
      const stream = await listen(own.url, { toolsListChanged: true }, new AbortController().signal);
      await stream.next();
      const started = Date.now();
      await own.transport.close(20_000);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await stream.next()).toMatchObject({
        id: 'sub-1',
        result: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub-1' } },
      });
    });

    it('refuses a listen stream beyond the configured capacity', async () => {
      const small = await startHttpServer({}, { maxSubscriptions: 1 });
      const controller = new AbortController();
      try {
        const first = await listen(small.url, { toolsListChanged: true }, controller.signal);
        await first.next();
        const refused = await post(
          small.url,
          {
            jsonrpc: '2.0',
            id: 2,
            method: 'subscriptions/listen',
            params: { _meta: meta(), notifications: {} },
          },
          { 'mcp-protocol-version': V, 'mcp-method': 'subscriptions/listen' },
        );
        expect(refused.json.error.message).toMatch(/Too many open subscriptions/);
      } finally {
        controller.abort();
        await small.close();
      }
    });
  });
});
