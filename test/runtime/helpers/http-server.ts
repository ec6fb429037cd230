import {
  McpJsonRpcServer,
  registerConformanceFixtures,
  type ServerSettings,
  type ServerParts,
} from '../../../src/runtime/index.js';
import { HttpTransport, type HttpTransportOptions } from '../../../src/runtime/transports/http.js';

/** A real runtime on a real loopback socket (port 0), with the conformance fixtures registered. */
export async function startHttpServer(
  options: HttpTransportOptions = {},
  config: ServerSettings = {},
  parts: ServerParts = {},
): Promise<{ server: McpJsonRpcServer; transport: HttpTransport; url: string; close: () => Promise<void> }> {
  const server = new McpJsonRpcServer(config, { onError: () => {}, ...parts });
  registerConformanceFixtures(server);
  const transport = new HttpTransport(server, { host: '127.0.0.1', port: 0, ...options });
  await transport.start();
  return { server, transport, url: transport.url, close: () => transport.close(1_000) };
}

export const jsonHeaders = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/** POSTs one JSON-RPC payload and returns status, headers and the parsed body (JSON or the SSE events). */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  // Protocol JSON is read field by field in assertions; typing every response shape would only restate the spec.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; headers: Headers; json: any; events: any[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...jsonHeaders, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const events = type.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)))
    : [];
  const json = type.includes('application/json') && text ? JSON.parse(text) : events.at(-1);
  return { status: res.status, headers: res.headers, json, events };
}

/** Opens a session-era session and returns its id. */
export async function initialize(url: string, protocolVersion = '2025-11-25'): Promise<string> {
  const res = await post(url, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'test', version: '1.0.0' } },
  });
  const id = res.headers.get('mcp-session-id');
  if (!id) throw new Error(`no session id (status ${res.status})`);
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': id });
  return id;
}

/**
 * Opens a `subscriptions/listen` stream (protocol 2026-07-28) for tool-list changes and resolves with the HTTP status
 * and the text of its first event (the acknowledgement, or the refusal). The stream stays open until `signal` aborts.
 */
export async function openListenStream(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ status: number; first: string }> {
  const version = '2026-07-28';
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      ...jsonHeaders,
      'mcp-protocol-version': version,
      'mcp-method': 'subscriptions/listen',
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 'sub',
      method: 'subscriptions/listen',
      params: {
        _meta: {
          'io.modelcontextprotocol/protocolVersion': version,
          'io.modelcontextprotocol/clientCapabilities': {},
        },
        notifications: { toolsListChanged: true },
      },
    }),
    signal,
  });
  const chunk = await res.body!.getReader().read();
  return { status: res.status, first: new TextDecoder().decode(chunk.value) };
}
