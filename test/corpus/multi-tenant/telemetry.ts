// Logs, metrics and traces for the tenant server.
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { Counter, Histogram, Registry } from 'prom-client';
import pino from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  redact: { paths: ['headers.authorization', 'token'], censor: '[redacted]' },
});

export const metrics = new Registry();
export const toolCalls = new Counter({
  name: 'mcp_tool_calls_total',
  help: 'Tool calls by tool, tenant and outcome',
  labelNames: ['tool', 'tenant', 'outcome'],
  registers: [metrics],
});
export const toolDuration = new Histogram({
  name: 'mcp_tool_duration_seconds',
  help: 'Tool call duration',
  labelNames: ['tool'],
  registers: [metrics],
});

export const tracer = trace.getTracer('tenant-mcp', '1.0.0');

/** Runs a tool call inside a span, counting and timing it. */
export async function observeToolCall<T>(tool: string, tenant: string, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(`tools/call ${tool}`, async (span) => {
    const stopTimer = toolDuration.startTimer({ tool });
    try {
      const result = await work();
      toolCalls.inc({ tool, tenant, outcome: 'ok' });
      return result;
    } catch (error) {
      toolCalls.inc({ tool, tenant, outcome: 'error' });
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      stopTimer();
      span.end();
    }
  });
}
