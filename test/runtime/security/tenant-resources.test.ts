/**
 * Tenant isolation and per-item permissions for resources, resource templates and prompts, over a real socket.
 *
 * Two servers run with the same security config: `main` holds tenant A's items besides the global ones, `twin` only
 * the global ones. Whatever tenant B sends about A's items, main must answer byte for byte as twin does, where those
 * items were never registered: that is what "no leak" means.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { parseServerConfig } from '../../../src/runtime/config/load.js';
import { PromptRegistry, type PromptResult } from '../../../src/runtime/prompts/prompt-registry.js';
import { ResourceRegistry } from '../../../src/runtime/resources/resource-registry.js';
import { createSecurityStages } from '../../../src/runtime/security.js';
import { McpJsonRpcServer } from '../../../src/runtime/server.js';
import { startServer } from '../../../src/runtime/start-server.js';
import type { HttpTransport } from '../../../src/runtime/transports/http.js';
import { type CapturedLog, captureLog } from './log-capture.js';

const ALICE_KEY = generateApiKey(); // tenant-a, user
const BOB_KEY = generateApiKey(); // tenant-b, user
const ADMIN_KEY = generateApiKey(); // no tenant, admin
const RUNNER_KEY = generateApiKey(); // tenant-a, a role without `read`

const config = {
  security: {
    api_keys: [
      { id: 'alice', hash: digestApiKey(ALICE_KEY), principal: 'alice', tenant: 'tenant-a', roles: ['user'] },
      { id: 'bob', hash: digestApiKey(BOB_KEY), principal: 'bob', tenant: 'tenant-b', roles: ['user'] },
      { id: 'admin', hash: digestApiKey(ADMIN_KEY), principal: 'root', roles: ['admin'] },
      {
        id: 'runner',
        hash: digestApiKey(RUNNER_KEY),
        principal: 'runner',
        tenant: 'tenant-a',
        roles: ['runner'],
      },
    ],
    roles: { admin: ['*'], user: ['read', 'execute'], runner: ['execute'] },
  },
};

const text = (uri: string, body: string) => [{ uri, mimeType: 'text/plain', text: body }];
const message = (body: string): PromptResult => ({
  messages: [{ role: 'user', content: { type: 'text', text: body } }],
});
const startingWith = (candidates: string[]) => (value: string) =>
  candidates.filter((c) => c.startsWith(value));

/** Global items (on both servers), and tenant A's items (on main only). */
function registries(withTenantA: boolean): { resources: ResourceRegistry; prompts: PromptRegistry } {
  const resources = new ResourceRegistry();
  const prompts = new PromptRegistry();
  resources.registerResource({
    uri: 'docs://handbook',
    name: 'handbook',
    read: (uri) => text(uri, 'for all'),
  });
  resources.registerResource({
    uri: 'docs://board-minutes',
    name: 'board minutes',
    permission: 'board',
    read: (uri) => text(uri, 'minutes'),
  });
  resources.registerResourceTemplate({
    uriTemplate: 'shared://notes/{id}',
    name: 'shared notes',
    read: (uri, vars) => text(uri, `note ${vars['id']}`),
    complete: { id: startingWith(['1', '2', '10']) },
  });
  resources.registerResourceTemplate({
    uriTemplate: 'board://pack/{id}',
    name: 'board packs',
    permission: 'board',
    read: (uri, vars) => text(uri, `pack ${vars['id']}`),
    complete: { id: startingWith(['1', '2']) },
  });
  prompts.registerPrompt({
    name: 'greet',
    arguments: [{ name: 'who' }],
    get: () => message('hello'),
    complete: { who: startingWith(['ann', 'andy', 'bea']) },
  });
  prompts.registerPrompt({
    name: 'board-agenda',
    permission: 'board',
    arguments: [{ name: 'quarter' }],
    get: () => message('agenda'),
    complete: { quarter: startingWith(['Q1', 'Q2']) },
  });
  if (withTenantA) {
    resources.registerResource({
      uri: 'docs://a/ledger',
      name: 'ledger',
      tenant: 'tenant-a',
      read: (uri) => text(uri, 'tenant-a ledger'),
    });
    // Also matched by the global template shared://notes/{id}: for tenant B that template answers.
    resources.registerResource({
      uri: 'shared://notes/7',
      name: 'pinned note',
      tenant: 'tenant-a',
      read: (uri) => text(uri, 'tenant-a pinned note'),
    });
    resources.registerResourceTemplate({
      uriTemplate: 'records://tenant-a/{id}',
      name: 'tenant-a records',
      tenant: 'tenant-a',
      read: (uri, vars) => text(uri, `record ${vars['id']}`),
      complete: { id: startingWith(['1', '2', '10']) },
    });
    prompts.registerPrompt({
      name: 'quarterly-brief',
      tenant: 'tenant-a',
      arguments: [{ name: 'quarter' }],
      get: () => message('tenant-a brief'),
      complete: { quarter: startingWith(['Q1', 'Q2', 'Q3', 'Q4']) },
    });
  }
  return { resources, prompts };
}

interface Running {
  url: string;
  log: CapturedLog;
  close(): Promise<void>;
}

async function start(withTenantA: boolean): Promise<Running> {
  const log = captureLog();
  const security = createSecurityStages(parseServerConfig(config), {
    logDestination: log.stream,
    transport: 'http',
  });
  const server = new McpJsonRpcServer({}, { ...registries(withTenantA), security });
  const transport = (await startServer(server, {
    transport: 'http',
    http: { host: '127.0.0.1', port: 0, routes: Object.fromEntries(security.httpRoutes) },
  })) as HttpTransport;
  return {
    url: transport.url,
    log,
    close: async () => {
      await server.close(100);
      await security.close();
    },
  };
}

let main: Running;
let twin: Running;
beforeAll(async () => {
  [main, twin] = await Promise.all([start(true), start(false)]);
});
afterAll(() => Promise.all([main.close(), twin.close()]));

/** An answer as it came off the wire. */
interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Protocol JSON is read field by field in assertions; typing every response shape would only restate the spec.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** POSTs one message; requests get a fixed id, so that two answers can be compared byte for byte. */
async function post(
  url: string,
  headers: Record<string, string>,
  method: string,
  params: object,
  notification = false,
): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
      ...headers,
    },
    body: JSON.stringify(
      notification ? { jsonrpc: '2.0', method, params } : { jsonrpc: '2.0', id: 7, method, params },
    ),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? JSON.parse(text) : undefined,
  };
}

type Caller = (method: string, params?: object) => Promise<Reply>;

/** A session on `server` for `key`, and a caller that sends requests in it. */
async function as(key: string, server: Running = main): Promise<Caller> {
  const auth = { authorization: `Bearer ${key}` };
  const init = await post(server.url, auth, 'initialize', {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'tenant-resources-test', version: '1.0.0' },
  });
  const sessionId = init.headers.get('mcp-session-id');
  if (init.status !== 200 || !sessionId) throw new Error(`initialize failed: ${init.status} ${init.text}`);
  const headers = { ...auth, 'mcp-session-id': sessionId };
  await post(server.url, headers, 'notifications/initialized', {}, true);
  return (method, params = {}) => post(server.url, headers, method, params);
}

/** Asserts that `hidden` is the very answer `unknown` is: status, content type and every byte of the body. */
function expectSameAnswer(hidden: Reply, unknown: Reply): void {
  const wire = (reply: Reply) => ({
    status: reply.status,
    contentType: reply.headers.get('content-type'),
    text: reply.text,
  });
  expect(wire(hidden)).toEqual(wire(unknown));
}

const deniedLines = (server: Running, principal: string) =>
  server.log.lines().filter((line) => line['event'] === 'access_denied' && line['principal'] === principal);

describe('listings', () => {
  it('show tenant A its own and the global items, tenant B only the global ones', async () => {
    const alice = await as(ALICE_KEY);
    const bob = await as(BOB_KEY);
    const uris = async (call: Caller) =>
      ((await call('resources/list')).json.result.resources as { uri: string }[]).map((r) => r.uri).sort();
    const templates = async (call: Caller) =>
      ((await call('resources/templates/list')).json.result.resourceTemplates as { uriTemplate: string }[])
        .map((t) => t.uriTemplate)
        .sort();
    const prompts = async (call: Caller) =>
      ((await call('prompts/list')).json.result.prompts as { name: string }[]).map((p) => p.name).sort();
    // The board items need the `board` permission, which users lack: they are not listed to either.
    expect(await uris(alice)).toEqual(['docs://a/ledger', 'docs://handbook', 'shared://notes/7']);
    expect(await uris(bob)).toEqual(['docs://handbook']);
    expect(await templates(alice)).toEqual(['records://tenant-a/{id}', 'shared://notes/{id}']);
    expect(await templates(bob)).toEqual(['shared://notes/{id}']);
    expect(await prompts(alice)).toEqual(['greet', 'quarterly-brief']);
    expect(await prompts(bob)).toEqual(['greet']);
  });

  it("show tenant B exactly what a server without tenant A's items shows", async () => {
    const bob = await as(BOB_KEY);
    const bobOnTwin = await as(BOB_KEY, twin);
    for (const method of ['resources/list', 'resources/templates/list', 'prompts/list'])
      expectSameAnswer(await bob(method), await bobOnTwin(method));
  });

  it('show a principal without a tenant only global items, and never the tenant or permission an item declares', async () => {
    const admin = await as(ADMIN_KEY);
    const listed = JSON.stringify([
      (await admin('resources/list')).json.result,
      (await admin('resources/templates/list')).json.result,
      (await admin('prompts/list')).json.result,
    ]);
    expect(listed).toContain('docs://board-minutes');
    expect(listed).toContain('board://pack/{id}');
    expect(listed).toContain('board-agenda');
    expect(listed).not.toContain('ledger');
    expect(listed).not.toContain('tenant');
    expect(listed).not.toContain('"permission"');
  });
});

/** Each request that names one item: tenant A's item, a global item, and a name that exists nowhere. */
const named: { what: string; method: string; own: object; global: object; unknown: object }[] = [
  {
    what: 'resources/read of a fixed resource',
    method: 'resources/read',
    own: { uri: 'docs://a/ledger' },
    global: { uri: 'docs://handbook' },
    unknown: { uri: 'docs://a/ledger' },
  },
  {
    what: 'resources/read through a template',
    method: 'resources/read',
    own: { uri: 'records://tenant-a/7' },
    global: { uri: 'shared://notes/7' },
    unknown: { uri: 'records://tenant-a/7' },
  },
  {
    what: 'resources/subscribe',
    method: 'resources/subscribe',
    own: { uri: 'docs://a/ledger' },
    global: { uri: 'docs://handbook' },
    unknown: { uri: 'docs://a/ledger' },
  },
  {
    what: 'prompts/get',
    method: 'prompts/get',
    own: { name: 'quarterly-brief' },
    global: { name: 'greet' },
    unknown: { name: 'quarterly-brief' },
  },
  {
    what: 'completion/complete of a prompt argument',
    method: 'completion/complete',
    own: { ref: { type: 'ref/prompt', name: 'quarterly-brief' }, argument: { name: 'quarter', value: 'Q' } },
    global: { ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'who', value: 'an' } },
    unknown: {
      ref: { type: 'ref/prompt', name: 'quarterly-brief' },
      argument: { name: 'quarter', value: 'Q' },
    },
  },
  {
    what: 'completion/complete of a template variable',
    method: 'completion/complete',
    own: {
      ref: { type: 'ref/resource', uri: 'records://tenant-a/{id}' },
      argument: { name: 'id', value: '1' },
    },
    global: {
      ref: { type: 'ref/resource', uri: 'shared://notes/{id}' },
      argument: { name: 'id', value: '1' },
    },
    unknown: {
      ref: { type: 'ref/resource', uri: 'records://tenant-a/{id}' },
      argument: { name: 'id', value: '1' },
    },
  },
];

describe.each(named)('$what', ({ method, own, global, unknown }) => {
  it('works for tenant A on its own item and for both tenants on the global one', async () => {
    const alice = await as(ALICE_KEY);
    const bob = await as(BOB_KEY);
    for (const [caller, params] of [
      [alice, own],
      [alice, global],
      [bob, global],
    ] as const) {
      const reply = await caller(method, params);
      expect(reply.json.error, JSON.stringify(params)).toBeUndefined();
      expect(reply.status).toBe(200);
      if (method === 'completion/complete') expect(reply.json.result.completion.total).toBeGreaterThan(0);
    }
  });

  it("answers tenant B about tenant A's item byte for byte as a server that never had it, and logs the attempt", async () => {
    const bob = await as(BOB_KEY);
    const bobOnTwin = await as(BOB_KEY, twin);
    const hidden = await bob(method, own);
    expectSameAnswer(hidden, await bobOnTwin(method, unknown));
    if (method !== 'completion/complete') expect(hidden.json.error).toBeDefined();
    expect(deniedLines(main, 'bob')).toContainEqual(
      expect.objectContaining({ method, tenant: 'tenant-b', reason: 'item-of-another-tenant' }),
    );
  });
});

describe("a URI naming tenant A's resource and matching a global template", () => {
  it('reads tenant A its own resource, and tenant B the template, without logging a denial for B', async () => {
    const alice = await as(ALICE_KEY);
    const bob = await as(BOB_KEY);
    const bobOnTwin = await as(BOB_KEY, twin);
    const read = (call: Caller) => call('resources/read', { uri: 'shared://notes/7' });
    expect((await read(alice)).json.result.contents[0].text).toBe('tenant-a pinned note');
    const before = deniedLines(main, 'bob').length;
    const answer = await read(bob);
    expect(answer.json.result.contents[0].text).toBe('note 7');
    expectSameAnswer(answer, await read(bobOnTwin));
    expect(deniedLines(main, 'bob')).toHaveLength(before);
  });
});

describe('the 2026-07-28 stateless era', () => {
  /** A stateless request as bob, with the headers that era requires. */
  const statelessAsBob = (server: Running, method: string, params: Record<string, unknown>, name: string) =>
    post(
      server.url,
      {
        authorization: `Bearer ${BOB_KEY}`,
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': method,
        'mcp-name': name,
      },
      method,
      {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    );

  it("answers tenant B's read and get of tenant A's items as for unknown ones", async () => {
    for (const [method, params, name] of [
      ['resources/read', { uri: 'docs://a/ledger' }, 'docs://a/ledger'],
      ['prompts/get', { name: 'quarterly-brief' }, 'quarterly-brief'],
    ] as const) {
      const hidden = await statelessAsBob(main, method, params, name);
      expect(hidden.json.error, method).toMatchObject({ code: -32602 });
      expectSameAnswer(hidden, await statelessAsBob(twin, method, params, name));
    }
  });
});

describe('per-item permissions', () => {
  const boardRequests: [string, object][] = [
    ['resources/read', { uri: 'docs://board-minutes' }],
    ['resources/read', { uri: 'board://pack/1' }],
    ['resources/subscribe', { uri: 'docs://board-minutes' }],
    ['prompts/get', { name: 'board-agenda' }],
    [
      'completion/complete',
      { ref: { type: 'ref/prompt', name: 'board-agenda' }, argument: { name: 'quarter', value: 'Q' } },
    ],
    [
      'completion/complete',
      { ref: { type: 'ref/resource', uri: 'board://pack/{id}' }, argument: { name: 'id', value: '' } },
    ],
  ];

  it('refuses an item whose permission the role lacks with 403, as tools/call does, and logs and counts it', async () => {
    const alice = await as(ALICE_KEY);
    const admin = await as(ADMIN_KEY);
    const before = deniedLines(main, 'alice').length;
    for (const [method, params] of boardRequests) {
      const allowed = await admin(method, params);
      expect(allowed.json.error, `${method} as admin`).toBeUndefined();
      const refused = await alice(method, params);
      expect(refused.status, method).toBe(403);
      expect(refused.json.error, method).toEqual({
        code: -32003,
        message: 'Forbidden: requires the "board" permission',
      });
    }
    const denied = deniedLines(main, 'alice').slice(before);
    expect(denied).toHaveLength(boardRequests.length);
    for (const line of denied)
      expect(line).toMatchObject({ permission: 'board', reason: 'missing-permission' });
    const metrics = await (await fetch(new URL('/metrics', main.url))).text();
    for (const method of ['resources/read', 'resources/subscribe', 'prompts/get', 'completion/complete'])
      expect(metrics).toMatch(new RegExp(`mcp_authz_denials_total\\{method="${method}"\\} [1-9]`));
  });

  it('refuses every resource, prompt and completion method to a role without `read` (403, logged)', async () => {
    const runner = await as(RUNNER_KEY);
    const methods: [string, object][] = [
      ['resources/list', {}],
      ['resources/templates/list', {}],
      ['resources/read', { uri: 'docs://handbook' }],
      ['resources/subscribe', { uri: 'docs://handbook' }],
      ['prompts/list', {}],
      ['prompts/get', { name: 'greet' }],
      [
        'completion/complete',
        { ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'who', value: 'a' } },
      ],
    ];
    for (const [method, params] of methods) {
      const reply = await runner(method, params);
      expect(reply.status, method).toBe(403);
      expect(reply.json.error, method).toMatchObject({ code: -32003 });
    }
    expect(deniedLines(main, 'runner').map((line) => [line['method'], line['reason']])).toEqual(
      methods.map(([method]) => [method, 'missing-permission']),
    );
  });
});
