/**
 * Tracing hooks through @opentelemetry/api: one span per request with method, tool and outcome. Without an
 * OpenTelemetry SDK installed by the host application every call here is the API's no-op.
 */
import {
  INVALID_SPAN_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  context,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';
import { calledToolName } from '../context/called-tool.js';
import type { RequestContext } from '../pipeline/stage.js';
import type { RequestOutcome } from './events.js';

/** The tracer the runtime's spans come from. */
export function runtimeTracer(): Tracer {
  return trace.getTracer('mcp-safeguard');
}

/** Runs `work` inside a server span named after the MCP method; `finish` records the outcome and ends it. */
export function withRequestSpan<T>(
  tracer: Tracer,
  ctx: RequestContext,
  work: (finish: (outcome: RequestOutcome) => void) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(ctx.method, {
    kind: SpanKind.SERVER,
    attributes: { 'mcp.method.name': ctx.method },
  });
  // The request id is random and made on first use: only a span that records gets one.
  if (span.isRecording()) span.setAttribute('mcp.request.id', ctx.requestId);
  const finish = (outcome: RequestOutcome): void => {
    if (span.isRecording()) recordOutcome(span, ctx, outcome);
    span.end();
  };
  // Without an SDK the span is the API's no-op with an invalid span context: there is no trace for code inside the
  // request to join, so making it active would only cost a context copy per request. With an SDK (sampled or not)
  // the span context is valid and becomes the parent of every span the tools create.
  const spanContext = span.spanContext();
  if (spanContext === INVALID_SPAN_CONTEXT || !isSpanContextValid(spanContext)) return work(finish);
  return context.with(trace.setSpan(context.active(), span), () => work(finish));
}

function recordOutcome(span: Span, ctx: RequestContext, outcome: RequestOutcome): void {
  const tool = calledToolName(ctx);
  if (tool !== undefined) span.setAttribute('mcp.tool.name', tool);
  if (ctx.tenantId !== undefined) span.setAttribute('mcp.tenant.id', ctx.tenantId);
  span.setAttribute('mcp.outcome', outcome);
  if (outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR });
}
