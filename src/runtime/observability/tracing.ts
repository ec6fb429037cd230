/**
 * Tracing hooks through @opentelemetry/api: one span per request with method, tool and outcome. Without an
 * OpenTelemetry SDK installed by the host application every call here is the API's no-op.
 */
import { type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
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
  return tracer.startActiveSpan(
    ctx.method,
    { kind: SpanKind.SERVER, attributes: { 'mcp.method.name': ctx.method, 'mcp.request.id': ctx.requestId } },
    (span: Span) =>
      work((outcome) => {
        const tool = calledToolName(ctx);
        if (tool !== undefined) span.setAttribute('mcp.tool.name', tool);
        if (ctx.tenantId !== undefined) span.setAttribute('mcp.tenant.id', ctx.tenantId);
        span.setAttribute('mcp.outcome', outcome);
        if (outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }),
  );
}
