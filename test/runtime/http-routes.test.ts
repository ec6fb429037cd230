import { afterEach, describe, expect, it } from 'vitest';
import { post, startHttpServer } from './helpers/http-server.js';

type Started = Awaited<ReturnType<typeof startHttpServer>>;
let running: Started | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

const health = { '/health': (_req: unknown, res: import('node:http').ServerResponse) => void res.end('ok') };

describe('Streamable HTTP: paths', () => {
  it('serves an extra route, also with a query string', async () => {
    running = await startHttpServer({ routes: health });
    const base = new URL(running.url);
    const res = await fetch(`${base.origin}/health?probe=1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  it('serves the MCP endpoint with a query string', async () => {
    running = await startHttpServer();
    const res = await post(`${running.url}?x=1`, { jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(res.status).toBe(400); // reached the endpoint: a session-era request without a session
    expect(res.json.error.message).toMatch(/Mcp-Session-Id/);
  });

  it('answers 404 for any other path', async () => {
    running = await startHttpServer();
    const res = await post(running.url.replace('/mcp', '/other'), { jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(res.status).toBe(404);
  });
});
