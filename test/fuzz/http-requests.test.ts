/**
 * Fuzz target: HTTP request handling over a real socket, with every security stage on. Methods, paths, headers
 * (credentials, session ids, protocol versions, Host/Origin, Expect, content types) and bodies (JSON-RPC messages
 * with random methods and params, any JSON, any text) are generated and written raw; every request must get a
 * complete HTTP answer in time, never a 500, never a stack, and the server must report no unexpected error.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../src/runtime/auth/api-key.js';
import { parseServerConfig } from '../../src/runtime/config/load.js';
import { registerConformanceFixtures } from '../../src/runtime/conformance/fixtures.js';
import { McpToolRegistry } from '../../src/runtime/tools/tool-registry.js';
import { McpJsonRpcServer } from '../../src/runtime/server.js';
import { createSecurityStages, type SecurityRuntime } from '../../src/runtime/security.js';
import { HttpTransport } from '../../src/runtime/transports/http.js';
import { captureLog } from '../runtime/security/log-capture.js';
import { STACK_LINE, fuzzTimeoutMs, runFuzz } from './fuzz-runs.js';

const KEY = generateApiKey();
const unexpected: string[] = [];
const log = captureLog();
let server: McpJsonRpcServer;
let security: SecurityRuntime;
let port: number;
const statuses = new Map<string, number>();
let session = '';

beforeAll(async () => {
  const config = parseServerConfig({
    security: {
      api_keys: [{ id: 'k', hash: digestApiKey(KEY), principal: 'p', tenant: 't', roles: ['admin'] }],
      roles: { admin: ['*'], user: ['read', 'execute'] },
    },
    rate_limit: { requests_per_minute: 1_000_000_000, per: ['principal', 'tenant', 'tool'] },
    logging: { level: 'debug' },
  });
  const registry = new McpToolRegistry();
  security = createSecurityStages(config, { registry, transport: 'http', logDestination: log.stream });
  server = new McpJsonRpcServer(
    {},
    { registry, security, onError: (error, where) => unexpected.push(`${where}: ${String(error)}`) },
  );
  registerConformanceFixtures(server);
  const transport = new HttpTransport(server, {
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 16 * 1024,
    routes: Object.fromEntries(security.httpRoutes),
  });
  await server.connect(transport);
  port = Number(new URL(transport.url).port);
  // A real session, so that well-formed cases get past session binding and reach the methods.
  const init = await fetch(transport.url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${KEY}`,
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
    }),
  });
  session = init.headers.get('mcp-session-id') ?? '';
});
afterAll(async () => {
  await server.close(100);
  await security.close();
});

const printable = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const methods = [
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'resources/read',
  'resources/subscribe',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'subscriptions/listen',
  'server/discover',
  'notifications/initialized',
  'notifications/cancelled',
];

const header = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['authorization', `Bearer ${KEY}`],
    ['authorization', `Bearer ${KEY}`],
    ['x-api-key', KEY],
    ['authorization', 'Basic Zm9vOmJhcg=='],
    ['authorization', 'Bearer eyJhbGciOiJub25lIn0.e30.'],
    ['mcp-protocol-version', '2025-11-25'],
    ['mcp-protocol-version', '2026-07-28'],
    ['mcp-protocol-version', '1999-01-01'],
    ['mcp-method', 'tools/call'],
    ['mcp-name', 'echo'],
    ['mcp-session-id', 'not-a-session'],
    ['accept', 'application/json, text/event-stream'],
    ['accept', 'text/event-stream'],
    ['content-type', 'application/json'],
    ['content-type', 'text/plain'],
    ['origin', 'http://evil.example'],
    ['origin', 'http://localhost'],
    ['expect', '100-continue'],
    ['transfer-encoding', 'chunked'],
    ['last-event-id', '0'],
  ),
  fc.tuple(
    fc.constantFrom(
      'authorization',
      'x-api-key',
      'mcp-session-id',
      'mcp-protocol-version',
      'mcp-method',
      'accept',
    ),
    printable,
  ),
  fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), printable),
);

const message = fc.record(
  {
    jsonrpc: fc.constantFrom('2.0', '2.0', '1.0'),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 20 }), fc.constant(2 ** 53 + 2)),
    method: fc.oneof(fc.constantFrom(...methods), fc.string({ maxLength: 30 })),
    params: fc.oneof(
      fc.record({
        name: fc.oneof(fc.constantFrom('echo', 'test_simple_text', '__proto__', 'constructor'), fc.string()),
        arguments: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 })),
        uri: fc.oneof(fc.constantFrom('test://template/%E0%A4%A/data', 'test://static-text'), fc.string()),
        ref: fc.record({
          type: fc.constantFrom('ref/prompt', 'ref/resource'),
          name: fc.string(),
          uri: fc.string(),
        }),
        argument: fc.record({
          name: fc.constantFrom('__proto__', 'constructor', 'arg1', 'id'),
          value: fc.string(),
        }),
        protocolVersion: fc.constantFrom('2025-11-25', '2024-11-05', 'x'),
        capabilities: fc.constant({}),
        clientInfo: fc.constant({ name: 'fuzz', version: '1' }),
      }),
      fc.jsonValue({ maxDepth: 3 }),
    ),
  },
  { requiredKeys: ['jsonrpc', 'method'] },
);
const body = fc.oneof(
  { weight: 6, arbitrary: message.map((m) => JSON.stringify(m)) },
  { weight: 1, arbitrary: fc.array(message, { maxLength: 3 }).map((batch) => JSON.stringify(batch)) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant('') },
);

const request = fc.record({
  // Mostly methods and paths the server serves; now and then anything (Node itself refuses most of those: 400).
  method: fc.oneof(
    {
      weight: 9,
      arbitrary: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'DELETE', 'HEAD', 'PUT', 'OPTIONS'),
    },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,8}$/) },
  ),
  path: fc.oneof(
    {
      weight: 9,
      arbitrary: fc.constantFrom(
        '/mcp',
        '/mcp',
        '/mcp',
        '/metrics',
        '/',
        '/mcp?x=1',
        '/.well-known/oauth-protected-resource',
      ),
    },
    { weight: 1, arbitrary: fc.stringMatching(/^\/[\x21-\x7e]{0,30}$/) },
  ),
  host: fc.constantFrom('127.0.0.1', '127.0.0.1', 'localhost', 'evil.example', ''),
  /** Most cases carry what a real client sends, so that they reach the pipeline's later stages and the methods. */
  wellFormed: fc.boolean(),
  headers: fc.array(header, { maxLength: 6 }),
  body,
});

/**
 * Writes one raw request on its own connection and reads the whole answer (the server closes: Connection: close),
 * or the head of an event stream.
 */
function exchange(raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer in 5 s; got ${JSON.stringify(answer.slice(0, 200))}`));
    }, 5_000);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      // An event stream (GET on a session, subscriptions/listen) stays open by design: its head is the answer.
      const head = answer.slice(0, answer.indexOf('\r\n\r\n') + 1);
      if (head !== '' && /^content-type: text\/event-stream/im.test(head)) socket.destroy();
    });
    socket.on('error', () => {}); // a reset after the answer is fine
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(raw);
  });
}

describe('fuzz: HTTP requests', () => {
  it(
    'answers every request completely, never with 500 or a stack, without an unexpected error',
    async () => {
      await runFuzz(
        'http-requests',
        fc.asyncProperty(request, async (r) => {
          const base: [string, string][] = r.wellFormed
            ? [
                ['authorization', `Bearer ${KEY}`],
                ['accept', 'application/json, text/event-stream'],
                ['content-type', 'application/json'],
                ['mcp-protocol-version', '2025-11-25'],
                ['mcp-session-id', session],
              ]
            : [];
          const headers = [...base, ...r.headers].filter(
            ([name]) => !['host', 'content-length', 'connection'].includes(name),
          );
          const chunked = headers.some(
            ([name, value]) => name === 'transfer-encoding' && value === 'chunked',
          );
          const bytes = Buffer.byteLength(r.body);
          const lines = [
            `${r.method} ${r.path} HTTP/1.1`,
            ...(r.host === '' ? [] : [`host: ${r.host}:${port}`]),
            ...headers.map(([name, value]) => `${name}: ${value}`),
            ...(chunked ? [] : [`content-length: ${bytes}`]),
            'connection: close',
          ];
          const payload = chunked ? `${bytes.toString(16)}\r\n${r.body}\r\n0\r\n\r\n` : r.body;
          // An interim 100 Continue (the case sent Expect) comes before the real answer.
          const answer = (await exchange(`${lines.join('\r\n')}\r\n\r\n${payload}`)).replace(
            /^HTTP\/1\.1 100 Continue\r\n\r\n/,
            '',
          );
          const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1];
          if (status === undefined)
            throw new Error(`no status line: ${JSON.stringify(answer.slice(0, 100))}`);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === '500') throw new Error(`500: ${answer.slice(0, 300)}`);
          if (STACK_LINE.test(answer)) throw new Error(`a stack in the answer: ${answer.slice(0, 300)}`);
          if (unexpected.length > 0) throw new Error(`unexpected error: ${unexpected.splice(0).join('; ')}`);
        }),
      );
      // How deep the cases went: which answers they got.
      console.log(`fuzz http-requests statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
      security.flushRecords();
      expect(STACK_LINE.test(log.text())).toBe(false);
    },
    fuzzTimeoutMs(20),
  );
});
