/**
 * Tracing through @opentelemetry/api: a recording tracer provider stands in for an SDK the application would
 * register, and the observe stage must produce one span per request with method, tool and outcome.
 */
import {
  type Attributes,
  type AttributeValue,
  type Context,
  type Span,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
  TraceFlags,
  context,
  trace,
} from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/runtime/errors/mcp-error.js';
import { SecurityEvents } from '../../../src/runtime/observability/events.js';
import { createEventLogger } from '../../../src/runtime/observability/logger.js';
import { RequestRecorder } from '../../../src/runtime/observability/request-recorder.js';
import { SecurityMetrics } from '../../../src/runtime/observability/metrics.js';
import { observeStage } from '../../../src/runtime/observability/observe-stage.js';
import { runtimeTracer } from '../../../src/runtime/observability/tracing.js';
import type { RequestContext } from '../../../src/runtime/pipeline/stage.js';
import { captureLog } from './log-capture.js';

interface RecordedSpan {
  name: string;
  attributes: Attributes;
  status?: SpanStatus;
  ended: boolean;
}

class RecordingSpan implements Span {
  constructor(readonly record: RecordedSpan) {}
  spanContext(): SpanContext {
    return {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    };
  }
  setAttribute(key: string, value: AttributeValue): this {
    this.record.attributes[key] = value;
    return this;
  }
  setAttributes(attributes: Attributes): this {
    Object.assign(this.record.attributes, attributes);
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(): this {
    return this;
  }
  addLinks(): this {
    return this;
  }
  setStatus(status: SpanStatus): this {
    this.record.status = status;
    return this;
  }
  updateName(name: string): this {
    this.record.name = name;
    return this;
  }
  end(): void {
    this.record.ended = true;
  }
  isRecording(): boolean {
    return !this.record.ended;
  }
  recordException(): void {}
}

const spans: RecordedSpan[] = [];

class RecordingTracer implements Tracer {
  startSpan(name: string, options: SpanOptions = {}): Span {
    const record: RecordedSpan = { name, attributes: { ...options.attributes }, ended: false };
    spans.push(record);
    return new RecordingSpan(record);
  }
  // The API's overloads: (name, fn), (name, options, fn), (name, options, context, fn).
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = (rest.length > 1 ? rest[0] : {}) as SpanOptions;
    const parent = (rest.length > 2 ? rest[1] : context.active()) as Context;
    const span = this.startSpan(name, options);
    return context.with(
      trace.setSpan(parent, span),
      (active: Span) => fn(active),
      undefined,
      span,
    ) as ReturnType<F>;
  }
}

const provider: TracerProvider = { getTracer: () => new RecordingTracer() };
trace.setGlobalTracerProvider(provider);
afterAll(() => trace.disable());

function request(method: string, params: Record<string, unknown> = {}): RequestContext {
  return {
    requestId: 'r-1',
    id: 1,
    method,
    params,
    info: { transport: 'http', headers: {} },
    protocolVersion: '2025-11-25',
    signal: new AbortController().signal,
    tenantId: 'tenant-a',
  };
}

describe('one span per request', () => {
  const observe = observeStage({
    recorder: new RequestRecorder(
      new SecurityEvents(createEventLogger({ destination: captureLog().stream })),
      new SecurityMetrics(),
    ),
    tracer: runtimeTracer(),
  });

  it('names the span after the method and records tool, tenant and outcome', async () => {
    spans.length = 0;
    await observe(request('tools/call', { name: 'echo' }), async () => ({ content: [] }));
    expect(spans).toEqual([
      {
        name: 'tools/call',
        attributes: {
          'mcp.method.name': 'tools/call',
          'mcp.request.id': 'r-1',
          'mcp.tool.name': 'echo',
          'mcp.tenant.id': 'tenant-a',
          'mcp.outcome': 'ok',
        },
        ended: true,
      },
    ]);
  });

  it('records a refusal as its outcome and ends the span', async () => {
    spans.length = 0;
    await expect(
      observe(request('tools/list'), async () => {
        throw new AuthorizationError();
      }),
    ).rejects.toBeInstanceOf(AuthorizationError);
    expect(spans[0]).toMatchObject({ attributes: { 'mcp.outcome': 'forbidden' }, ended: true });
  });

  it('marks internal errors with an error status', async () => {
    spans.length = 0;
    await expect(
      observe(request('tools/list'), async () => {
        throw new Error('bug');
      }),
    ).rejects.toThrow('bug');
    expect(spans[0]).toMatchObject({
      attributes: { 'mcp.outcome': 'error' },
      status: { code: 2 },
      ended: true,
    });
  });
});
