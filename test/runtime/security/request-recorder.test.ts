import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecurityEvents } from '../../../src/runtime/observability/events.js';
import { createEventLogger } from '../../../src/runtime/observability/logger.js';
import { metricsHandler } from '../../../src/runtime/observability/metrics-endpoint.js';
import { SecurityMetrics } from '../../../src/runtime/observability/metrics.js';
import { RequestRecorder } from '../../../src/runtime/observability/request-recorder.js';
import type { RequestContext } from '../../../src/runtime/pipeline/stage.js';
import { captureLog } from './log-capture.js';

function toolCall(requestId: string): RequestContext {
  return {
    requestId,
    id: 1,
    method: 'tools/call',
    params: { name: 'echo' },
    info: { transport: 'http', headers: {} },
    protocolVersion: '2025-11-25',
    signal: new AbortController().signal,
    toolName: 'echo',
    tenantId: 'tenant-a',
  };
}

function recorderWithLog() {
  const log = captureLog();
  const metrics = new SecurityMetrics();
  const recorder = new RequestRecorder(
    new SecurityEvents(createEventLogger({ destination: log.stream })),
    metrics,
  );
  return { log, metrics, recorder };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('recording finished requests in batches', () => {
  it('writes nothing during the turn, then every line of the turn, in order', async () => {
    const { log, recorder } = recorderWithLog();
    recorder.record(toolCall('r-1'), 'ok', 1);
    recorder.record(toolCall('r-2'), 'tool_error', 2);
    expect(log.lines()).toEqual([]);
    await nextTurn();
    expect(log.lines().map((line) => [line['request_id'], line['outcome']])).toEqual([
      ['r-1', 'ok'],
      ['r-2', 'tool_error'],
    ]);
  });

  it('writes a full batch at once when the event loop does not turn', () => {
    const { log, recorder } = recorderWithLog();
    for (let i = 0; i < 1024; i++) recorder.record(toolCall(`r-${i}`), 'ok', 1);
    expect(log.lines()).toHaveLength(1024);
    recorder.record(toolCall('r-1024'), 'ok', 1);
    expect(log.lines()).toHaveLength(1024);
  });

  it('stamps each line with the time its request finished, not the time it is written', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { log, recorder } = recorderWithLog();
    vi.setSystemTime(Date.parse('2026-01-02T03:04:05.006Z'));
    recorder.record(toolCall('r-1'), 'ok', 1);
    vi.setSystemTime(Date.parse('2026-01-02T03:09:00.000Z'));
    recorder.flush();
    recorder.record(toolCall('r-2'), 'ok', 1);
    recorder.flush();
    expect(log.lines().map((line) => line['timestamp'])).toEqual([
      '2026-01-02T03:04:05.006Z',
      '2026-01-02T03:09:00.000Z',
    ]);
  });

  it('counts requests of the current turn before /metrics is read', async () => {
    const { metrics, recorder } = recorderWithLog();
    recorder.record(toolCall('r-1'), 'ok', 1);
    let body = '';
    const res = {
      writeHead: () => res,
      end: (text: string) => {
        body = text;
      },
    } as unknown as ServerResponse;
    await metricsHandler(metrics, () => recorder.flush())({ method: 'GET' } as IncomingMessage, res);
    expect(body).toContain('mcp_requests_total{method="tools/call",tool="echo",outcome="ok"} 1');
  });

  it('keeps recording the rest of a batch, and the process alive, when a line cannot be written', async () => {
    const metrics = new SecurityMetrics();
    const events = new SecurityEvents(createEventLogger({ destination: captureLog().stream }));
    const failing = new RequestRecorder(
      Object.assign(Object.create(events) as SecurityEvents, {
        requestHandled: (ctx: RequestContext) => {
          if (ctx.requestId === 'r-1') throw new Error('disk full');
        },
      }),
      metrics,
    );
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      failing.record(toolCall('r-1'), 'ok', 1);
      failing.record(toolCall('r-2'), 'ok', 1);
      await nextTurn();
      await nextTurn();
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual(['mcp-safeguard: a request could not be recorded: Error: disk full']);
    expect(await metrics.exposition()).toContain(
      'mcp_requests_total{method="tools/call",tool="echo",outcome="ok"} 2',
    );
  });
});
