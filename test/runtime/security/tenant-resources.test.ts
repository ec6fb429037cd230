/**
 * Tenant isolation and per-item permissions for resources, resource templates and prompts, over a real socket:
 * a principal of tenant B can neither list, read, subscribe to, complete nor get what belongs to tenant A, and the
 * answer for A's item is the answer for an item that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';
import { parseServerConfig } from '../../../src/runtime/config/load.js';
import { PromptRegistry } from '../../../src/runtime/prompts/prompt-registry.js';
import { ResourceRegistry } from '../../../src/runtime/resources/resource-registry.js';
import { createSecurityStages, type SecurityRuntime } from '../../../src/runtime/security.js';
import { McpJsonRpcServer } from '../../../src/runtime/server.js';
import type { HttpTransport } from '../../../src/runtime/transports/http.js';
import { type CapturedLog, captureLog } from './log-capture.js';
import { openSession, rpc } from './secured-server.js';

const ALICE_KEY = generateApiKey(); // tenant-a, user
const BOB_KEY = generateApiKey(); // tenant-b, user
const ADMIN_KEY = generateApiKey(); // no tenant, admin
const NOREAD_KEY = generateApiKey(); // tenant-a, a role without `read`

const config = {
  security: {
    api_keys: [
      { id: 'alice', hash: digestApiKey(ALICE_KEY), principal: 'alice', tenant: 'tenant-a', roles: ['user'] },
      { id: 'bob', hash: digestApiKey(BOB_KEY), principal: 'bob', tenant: 'tenant-b', roles: ['user'] },
      { id: 'admin', hash: digestApiKey(ADMIN_KEY), principal: 'root', roles: ['admin'] },
      {
        id: 'runner',
        hash: digestApiKey(NOREAD_KEY),
        principal: 'runner',
        tenant: 'tenant-a',
        roles: ['runner'],
      },
    ],
    roles: { admin: ['*'], user: ['read', 'execute'], runner: ['execute'] },
  },
};

const text = (uri: string, body: string) => [{ uri, mimeType: 'text/plain', text: body }];

let url: string;
let security: SecurityRuntime;
let log: CapturedLog;
let stop: () => Promise<void>;

beforeAll(async () => {
  const resources = new ResourceRegistry();
  resources.registerResource({
    uri: 'docs://handbook',
    name: 'handbook',
    read: (uri) => text(uri, 'for all'),
  });
  resources.registerResource({
    uri: 'docs://a/ledger',
    name: 'ledger',
    tenant: 'tenant-a',
    read: (uri) => text(uri, 'tenant-a ledger'),
  });
  resources.registerResource({
    uri: 'docs://board-minutes',
    name: 'board minutes',
    permission: 'board',
    read: (uri) => text(uri, 'minutes'),
  });
  resources.registerResourceTemplate({
    uriTemplate: 'records://tenant-a/{id}',
    name: 'tenant-a records',
    tenant: 'tenant-a',
    read: (uri, vars) => text(uri, `record ${vars['id']}`),
    complete: { id: (value) => ['1', '2', '10'].filter((id) => id.startsWith(value)) },
  });
  const prompts = new PromptRegistry();
  prompts.registerPrompt({
    name: 'greet',
    get: () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }] }),
  });
  prompts.registerPrompt({
    name: 'quarterly-brief',
    tenant: 'tenant-a',
    arguments: [{ name: 'quarter' }],
    get: () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'tenant-a brief' } }] }),
    complete: { quarter: (value) => ['Q1', 'Q2', 'Q3', 'Q4'].filter((q) => q.startsWith(value)) },
  });
  log = captureLog();
  security = createSecurityStages(parseServerConfig(config), {
    logDestination: log.stream,
    transport: 'http',
  });
  const server = new McpJsonRpcServer(
    {
      transport: 'http',
      http: { host: '127.0.0.1', port: 0, routes: Object.fromEntries(security.httpRoutes) },
    },
    { resources, prompts, security },
  );
  const transport = (await server.start()) as HttpTransport;
  url = transport.url;
  stop = async () => {
    await server.close(100);
    await security.close();
  };
});
afterAll(() => stop());

/** A session for `key`, and a caller that sends requests in it. */
async function as(key: string) {
  const headers = { authorization: `Bearer ${key}` };
  const sessionId = await openSession(url, headers);
  return (method: string, params: Record<string, unknown> = {}) =>
    rpc(url, method, params, { ...headers, 'mcp-session-id': sessionId });
}

const result = (reply: { body: Record<string, unknown> | undefined }) =>
  reply.body?.['result'] as Record<string, never>;
/** The error without what legitimately differs between two URIs or names: the URI or name itself. */
const errorShape = (reply: { body: Record<string, unknown> | undefined }, name: string) =>
  JSON.stringify(reply.body?.['error']).replaceAll(name, '<name>');

describe('resources across tenants', () => {
  it("lists tenant A's resources and templates to tenant A only", async () => {
    const alice = await as(ALICE_KEY);
    const bob = await as(BOB_KEY);
    const uris = async (call: typeof alice) =>
      (result(await call('resources/list')).resources as { uri: string }[]).map((r) => r.uri).sort();
    // board-minutes needs the `board` permission, which neither has: it is not listed to them either.
    expect(await uris(alice)).toEqual(['docs://a/ledger', 'docs://handbook']);
    expect(await uris(bob)).toEqual(['docs://handbook']);
    const templates = async (call: typeof alice) =>
      (result(await call('resources/templates/list')).resourceTemplates as { uriTemplate: string }[]).map(
        (t) => t.uriTemplate,
      );
    expect(await templates(alice)).toEqual(['records://tenant-a/{id}']);
    expect(await templates(bob)).toEqual([]);
  });

  it('never lists the tenant or the permission an item declares', async () => {
    const admin = await as(ADMIN_KEY);
    const listed = JSON.stringify([
      result(await admin('resources/list')),
      result(await admin('resources/templates/list')),
      result(await admin('prompts/list')),
    ]);
    expect(listed).toContain('docs://board-minutes');
    expect(listed).not.toContain('tenant');
    expect(listed).not.toContain('"permission"');
  });

  it("answers tenant B reading tenant A's resource exactly like an unknown URI", async () => {
    const alice = await as(ALICE_KEY);
    const bob = await as(BOB_KEY);
    expect(result(await alice('resources/read', { uri: 'docs://a/ledger' })).contents).toEqual(
      text('docs://a/ledger', 'tenant-a ledger'),
    );
    const hidden = await bob('resources/read', { uri: 'docs://a/ledger' });
    const unknown = await bob('resources/read', { uri: 'docs://b/nothing' });
    expect(hidden.body?.['error']).toMatchObject({ code: -32002 });
    expect(hidden.status).toBe(unknown.status);
    expect(errorShape(hidden, 'docs://a/ledger')).toBe(errorShape(unknown, 'docs://b/nothing'));
  });

  it("answers tenant B reading through tenant A's template like an unknown URI", async () => {
    const alice = await as(ALICE_KEY);
    const bob = await as(BOB_KEY);
    expect(result(await alice('resources/read', { uri: 'records://tenant-a/7' })).contents).toEqual(
      text('records://tenant-a/7', 'record 7'),
    );
    expect((await bob('resources/read', { uri: 'records://tenant-a/7' })).body?.['error']).toMatchObject({
      code: -32002,
    });
  });

  it("refuses tenant B subscribing to tenant A's resource like an unknown URI", async () => {
    const alice = await as(ALICE_KEY);
    const bob = await as(BOB_KEY);
    expect(result(await alice('resources/subscribe', { uri: 'docs://a/ledger' }))).toEqual({});
    const hidden = await bob('resources/subscribe', { uri: 'docs://a/ledger' });
    const unknown = await bob('resources/subscribe', { uri: 'docs://b/nothing' });
    expect(hidden.body?.['error']).toMatchObject({ code: -32002 });
    expect(errorShape(hidden, 'docs://a/ledger')).toBe(errorShape(unknown, 'docs://b/nothing'));
  });

  it("completes tenant A's template variables for tenant A only", async () => {
    const alice = await as(ALICE_KEY);
    const bob = await as(BOB_KEY);
    const params = {
      ref: { type: 'ref/resource', uri: 'records://tenant-a/{id}' },
      argument: { name: 'id', value: '1' },
    };
    expect(result(await alice('completion/complete', params)).completion).toMatchObject({
      values: ['1', '10'],
    });
    expect(result(await bob('completion/complete', params)).completion).toEqual({
      values: [],
      total: 0,
      hasMore: false,
    });
  });
});

describe('prompts across tenants', () => {
  it("lists and gets tenant A's prompt for tenant A only; tenant B gets the unknown-prompt error", async () => {
    const alice = await as(ALICE_KEY);
    const bob = await as(BOB_KEY);
    const names = async (call: typeof alice) =>
      (result(await call('prompts/list')).prompts as { name: string }[]).map((p) => p.name).sort();
    expect(await names(alice)).toEqual(['greet', 'quarterly-brief']);
    expect(await names(bob)).toEqual(['greet']);
    expect(result(await alice('prompts/get', { name: 'quarterly-brief' })).messages).toHaveLength(1);
    const hidden = await bob('prompts/get', { name: 'quarterly-brief' });
    const unknown = await bob('prompts/get', { name: 'no-such-prompt' });
    expect(hidden.body?.['error']).toMatchObject({ code: -32602 });
    expect(errorShape(hidden, 'quarterly-brief')).toBe(errorShape(unknown, 'no-such-prompt'));
  });

  it("completes tenant A's prompt arguments for tenant A only", async () => {
    const alice = await as(ALICE_KEY);
    const bob = await as(BOB_KEY);
    const params = {
      ref: { type: 'ref/prompt', name: 'quarterly-brief' },
      argument: { name: 'quarter', value: 'Q' },
    };
    expect(result(await alice('completion/complete', params)).completion).toMatchObject({ total: 4 });
    expect(result(await bob('completion/complete', params)).completion).toMatchObject({
      values: [],
      total: 0,
    });
  });
});

describe('per-item permissions', () => {
  it('hides a resource whose permission the role lacks, and logs and counts the refused read', async () => {
    const alice = await as(ALICE_KEY);
    const admin = await as(ADMIN_KEY);
    expect(result(await admin('resources/read', { uri: 'docs://board-minutes' })).contents).toEqual(
      text('docs://board-minutes', 'minutes'),
    );
    const refused = await alice('resources/read', { uri: 'docs://board-minutes' });
    expect(refused.body?.['error']).toMatchObject({ code: -32002 });
    expect(log.lines()).toContainEqual(
      expect.objectContaining({
        event: 'access_denied',
        method: 'resources/read',
        principal: 'alice',
        permission: 'board',
        reason: 'missing-permission',
      }),
    );
    const metrics = await (await fetch(new URL('/metrics', url))).text();
    expect(metrics).toMatch(/mcp_authz_denials_total\{method="resources\/read"\} [1-9]/);
  });

  it('refuses every resource and prompt method to a role without `read` (403, logged)', async () => {
    const runner = await as(NOREAD_KEY);
    for (const [method, params] of [
      ['resources/list', {}],
      ['resources/read', { uri: 'docs://handbook' }],
      ['prompts/list', {}],
      ['prompts/get', { name: 'greet' }],
    ] as const) {
      const reply = await runner(method, params);
      expect(reply.status, method).toBe(403);
      expect(reply.body?.['error'], method).toMatchObject({ code: -32003 });
    }
    const denied = log
      .lines()
      .filter((line) => line['event'] === 'access_denied' && line['principal'] === 'runner');
    expect(denied.map((line) => line['method']).sort()).toEqual([
      'prompts/get',
      'prompts/list',
      'resources/list',
      'resources/read',
    ]);
  });
});
