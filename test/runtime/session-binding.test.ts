import { describe, expect, it } from 'vitest';
import { SessionNotFoundError } from '../../src/runtime/errors/mcp-error.js';
import type { McpRequestContext } from '../../src/runtime/pipeline/mcp-request-context.js';
import { bindSession } from '../../src/runtime/pipeline/stages/session-binding.js';
import { IncomingRequest } from '../../src/runtime/pipeline/incoming-request.js';
import { nowhere } from '../../src/runtime/protocol/outlet.js';
import { InMemorySessionStore } from '../../src/runtime/session/session.js';

function contextFor(
  sessionId: string,
  principalId: string | undefined,
  tenantId?: string,
): McpRequestContext {
  const ctx = new IncomingRequest(
    1,
    'tools/list',
    'tools/list',
    {},
    { transport: 'http', headers: {}, sessionId },
    '2025-11-25',
    nowhere,
  );
  if (principalId) ctx.principal = { id: principalId, roles: [], via: 'api-key' };
  ctx.tenantId = tenantId;
  return ctx;
}

describe('session binding', () => {
  const sessions = new InMemorySessionStore();
  const session = sessions.create({
    principalId: 'alice',
    tenantId: 't1',
    protocolVersion: '2025-06-18',
    clientCapabilities: { sampling: {} },
  });
  const stage = bindSession(sessions);
  const next = async () => ({ ok: true });

  it('binds the owner to the session and its negotiated version', async () => {
    const ctx = contextFor(session.id, 'alice', 't1');
    await expect(stage(ctx, next)).resolves.toEqual({ ok: true });
    expect(ctx.session).toBe(session);
    expect(ctx.protocolVersion).toBe('2025-06-18');
    expect(ctx.clientCapabilities).toEqual({ sampling: {} });
  });

  it('treats a session presented by another principal as unknown (404)', async () => {
    const ctx = contextFor(session.id, 'mallory', 't1');
    await expect(stage(ctx, next)).rejects.toBeInstanceOf(SessionNotFoundError);
    expect(ctx.http?.status).toBe(404);
    expect(ctx.session).toBeUndefined();
  });

  it('treats a session presented from another tenant as unknown', async () => {
    await expect(stage(contextFor(session.id, 'alice', 't2'), next)).rejects.toBeInstanceOf(
      SessionNotFoundError,
    );
  });

  it('treats an anonymous caller holding the id as unknown', async () => {
    await expect(stage(contextFor(session.id, undefined), next)).rejects.toBeInstanceOf(SessionNotFoundError);
  });
});

describe('InMemorySessionStore', () => {
  const init = { protocolVersion: '2025-11-25', clientCapabilities: {} };

  it('forgets a session left idle longer than the idle limit', () => {
    let now = 0;
    const store = new InMemorySessionStore({ idleMs: 1_000, now: () => now });
    const session = store.create(init);
    now = 900;
    expect(store.get(session.id)).toBe(session);
    now = 1_800; // 900 ms after its last use: still alive
    expect(store.get(session.id)).toBe(session);
    now = 2_900;
    expect(store.get(session.id)).toBeUndefined();
  });

  it('evicts the least recently used session when full', () => {
    const store = new InMemorySessionStore({ maxSessions: 2 });
    const a = store.create(init);
    const b = store.create(init);
    store.get(a.id);
    const c = store.create(init);
    expect([store.get(a.id), store.get(b.id), store.get(c.id)]).toEqual([a, undefined, c]);
  });

  it('evicts by last use when sessions are used several times in a row', () => {
    const store = new InMemorySessionStore({ maxSessions: 2 });
    const a = store.create(init);
    const b = store.create(init);
    store.get(a.id);
    store.get(a.id);
    store.get(b.id);
    store.get(b.id);
    const c = store.create(init); // a was used least recently
    expect([store.get(a.id), store.get(b.id), store.get(c.id)]).toEqual([undefined, b, c]);
  });

  it('keeps serving the remaining sessions after the most recent one is deleted', () => {
    const store = new InMemorySessionStore({ maxSessions: 2 });
    const a = store.create(init);
    const b = store.create(init);
    store.delete(b.id);
    store.get(a.id);
    const c = store.create(init);
    const d = store.create(init); // a is the least recently used of a, c
    expect([store.get(a.id), store.get(b.id), store.get(c.id), store.get(d.id)]).toEqual([
      undefined,
      undefined,
      c,
      d,
    ]);
  });
});
