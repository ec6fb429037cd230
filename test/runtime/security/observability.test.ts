import { describe, expect, it } from 'vitest';
import { SecurityEvents } from '../../../src/runtime/observability/events.js';
import { createEventLogger } from '../../../src/runtime/observability/logger.js';
import { SecurityMetrics } from '../../../src/runtime/observability/metrics.js';
import type { RequestContext } from '../../../src/runtime/pipeline/stage.js';
import { captureLog } from './log-capture.js';

function request(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    requestId: 'req-1',
    id: 1,
    method: 'tools/call',
    params: {},
    info: { transport: 'http', headers: {} },
    protocolVersion: '2025-11-25',
    signal: new AbortController().signal,
    toolName: 'example',
    principal: { id: 'user-123', tenantId: 'tenant-123', roles: ['user'], via: 'api-key' },
    tenantId: 'tenant-123',
    ...overrides,
  };
}

describe('structured logs', () => {
  it("write one line per tool invocation in the seed's shape", () => {
    const log = captureLog();
    new SecurityEvents(createEventLogger({ destination: log.stream })).requestHandled(request(), 'ok', 12.5);
    const [line] = log.lines();
    expect(line).toMatchObject({
      level: 'INFO',
      event: 'tool_invoked',
      tool: 'example',
      principal: 'user-123',
      tenant: 'tenant-123',
      request_id: 'req-1',
      duration_ms: 12.5,
      outcome: 'ok',
    });
    expect(Date.parse(String(line!['timestamp']))).not.toBeNaN();
  });

  it('write a tool that ran with the same fields, in the same order, as a call that failed', () => {
    const log = captureLog();
    const events = new SecurityEvents(createEventLogger({ destination: log.stream }));
    events.requestHandled(request(), 'ok', 1);
    events.requestHandled(request(), 'not_found', 1);
    const [ran, failed] = log.text().split('\n');
    expect(ran!.replace('"outcome":"ok"', '"outcome":"not_found"')).toBe(failed);
  });

  it('name the tool, principal and tenant of each call, however many combinations there are', () => {
    const log = captureLog();
    const events = new SecurityEvents(createEventLogger({ destination: log.stream }));
    const calls = Array.from({ length: 1500 }, (_, i) => ({
      toolName: `tool-${i % 700}`,
      principal: { id: `user-${i % 3}`, roles: ['user'], via: 'api-key' as const },
      tenantId: i % 2 === 0 ? undefined : `tenant-${i % 5}`,
    }));
    for (const call of calls) events.requestHandled(request(call), 'ok', 1);
    expect(log.lines().map((l) => [l['tool'], l['principal'], l['tenant']])).toEqual(
      calls.map((c) => [c.toolName, c.principal.id, c.tenantId]),
    );
  });

  it('name other methods request_handled, at debug level when they succeed', () => {
    const log = captureLog();
    const events = new SecurityEvents(createEventLogger({ destination: log.stream, level: 'debug' }));
    events.requestHandled(request({ method: 'tools/list', toolName: undefined }), 'ok', 1);
    expect(log.lines()[0]).toMatchObject({ level: 'DEBUG', event: 'request_handled', method: 'tools/list' });
    expect(log.lines()[0]).not.toHaveProperty('tool');
  });

  it('log other methods at info level when they do not succeed', () => {
    const log = captureLog();
    const events = new SecurityEvents(createEventLogger({ destination: log.stream }));
    events.requestHandled(request({ method: 'tools/list', toolName: undefined }), 'ok', 1);
    events.requestHandled(request({ method: 'tools/list', toolName: undefined }), 'forbidden', 1);
    expect(log.lines()).toHaveLength(1);
    expect(log.lines()[0]).toMatchObject({ level: 'INFO', event: 'request_handled', outcome: 'forbidden' });
  });

  it('log failures, denials and rate-limit rejections as warnings with their reason', () => {
    const log = captureLog();
    const events = new SecurityEvents(createEventLogger({ destination: log.stream }));
    events.authFailed(request({ principal: undefined }), 'unknown-api-key');
    events.accessDenied(request(), 'execute', 'missing-permission');
    events.rateLimited(request(), ['tenant'], 1000);
    expect(log.lines().map((l) => [l['level'], l['event']])).toEqual([
      ['WARN', 'auth_failed'],
      ['WARN', 'access_denied'],
      ['WARN', 'rate_limited'],
    ]);
    expect(log.lines()[2]).toMatchObject({ scopes: ['tenant'], retry_after_ms: 1000 });
  });

  it('redact credentials that reach the logger by accident', () => {
    const log = captureLog();
    const logger = createEventLogger({ destination: log.stream });
    logger.info({
      event: 'debug_dump',
      headers: { authorization: 'Bearer sgk_secret1', 'x-api-key': 'sgk_secret2' },
      password: 'hunter2',
      config: { token: 'tok_secret3', api_key: 'sgk_secret4' },
      params: { arguments: 'not a secret field' },
    });
    expect(log.text()).not.toMatch(/sgk_secret|hunter2|tok_secret/);
    expect(log.lines()[0]).toMatchObject({
      headers: { authorization: '[REDACTED]' },
      password: '[REDACTED]',
    });
  });

  it("log an error's type and code, never its stack", () => {
    const log = captureLog();
    const events = new SecurityEvents(createEventLogger({ destination: log.stream }));
    events.requestHandled(request(), 'error', 3, new TypeError('boom'));
    const [line] = log.lines();
    expect(line).toMatchObject({ level: 'ERROR', error: { type: 'TypeError', message: 'boom' } });
    expect(log.text()).not.toContain('at ');
  });
});

describe('Prometheus metrics', () => {
  it('count requests by method, tool and outcome and observe durations', async () => {
    const metrics = new SecurityMetrics();
    metrics.requestHandled('tools/call', 'echo', 'ok', 2);
    metrics.requestHandled('tools/call', 'echo', 'ok', 4);
    metrics.requestHandled('tools/list', undefined, 'forbidden', 1);
    const text = await metrics.exposition();
    expect(text).toContain('mcp_requests_total{method="tools/call",tool="echo",outcome="ok"} 2');
    expect(text).toContain('mcp_requests_total{method="tools/list",tool="",outcome="forbidden"} 1');
    expect(text).toContain(
      'mcp_request_duration_seconds_count{method="tools/call",tool="echo",outcome="ok"} 2',
    );
  });

  it('never let a client create series with made-up methods or tool names', async () => {
    const metrics = new SecurityMetrics({ isKnownTool: (name) => name === 'echo' });
    metrics.requestHandled('x/' + 'a'.repeat(50), 'not-a-tool-1', 'not_found', 1);
    metrics.requestHandled('tools/call', 'not-a-tool-2', 'not_found', 1);
    const text = await metrics.exposition();
    expect(text).toContain('mcp_requests_total{method="other",tool="unknown",outcome="not_found"} 1');
    expect(text).toContain('mcp_requests_total{method="tools/call",tool="unknown",outcome="not_found"} 1');
    expect(text).not.toContain('not-a-tool');
  });

  it('count auth failures, denials, rate-limit rejections and open sessions', async () => {
    let sessions = 3;
    const metrics = new SecurityMetrics({ activeSessions: () => sessions });
    metrics.authFailed('token-expired');
    metrics.accessDenied('tools/call');
    metrics.rateLimited(['principal', 'tool']);
    sessions = 2;
    const text = await metrics.exposition();
    expect(text).toContain('mcp_auth_failures_total{reason="token-expired"} 1');
    expect(text).toContain('mcp_authz_denials_total{method="tools/call"} 1');
    expect(text).toContain('mcp_rate_limit_rejections_total{scope="principal"} 1');
    expect(text).toContain('mcp_rate_limit_rejections_total{scope="tool"} 1');
    expect(text).toContain('mcp_active_sessions 2');
  });

  it("keep each server's metrics apart (no global registry)", async () => {
    const a = new SecurityMetrics();
    const b = new SecurityMetrics();
    a.authFailed('bad-password');
    expect(await b.exposition()).not.toContain('bad-password');
  });
});
