import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestSeries } from '../../../src/runtime/observability/request-series.js';

const BOUNDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const NAMES = { count: 'mcp_requests_total', duration: 'mcp_request_duration_seconds' };
const HELP = {
  count: 'Requests, by method, tool and outcome.',
  duration: 'Time, by method, tool and outcome.',
};

/** The same two metrics as prom-client's own Counter and Histogram: what RequestSeries must print. */
function promClientPair() {
  const registry = new Registry();
  const labelNames = ['method', 'tool', 'outcome'] as const;
  const count = new Counter({ name: NAMES.count, help: HELP.count, labelNames, registers: [registry] });
  const duration = new Histogram({
    name: NAMES.duration,
    help: HELP.duration,
    labelNames,
    buckets: BOUNDS,
    registers: [registry],
  });
  return {
    registry,
    add(method: string, tool: string, outcome: string, seconds: number) {
      count.inc({ method, tool, outcome });
      duration.observe({ method, tool, outcome }, seconds);
    },
  };
}

function ours() {
  const registry = new Registry();
  const series = new RequestSeries(NAMES, HELP, BOUNDS);
  series.registerIn(registry);
  return { registry, add: series.add.bind(series) };
}

// Label values needing escapes, durations on, between and beyond the bounds, several series in a mixed order.
const observations: [string, string, string, number][] = [
  ['tools/call', 'echo', 'ok', 0.0003],
  ['tools/list', '', 'ok', 0.0005],
  ['tools/call', 'echo', 'ok', 0.0049],
  ['tools/call', 'quote"and\\back\nslash', 'tool_error', 0.3],
  ['tools/call', 'echo', 'ok', 10],
  ['tools/call', 'echo', 'rate_limited', 12.5],
  ['tools/list', '', 'ok', 0.1 + 0.2],
  ['ping', '', 'ok', 0],
  ['tools/call', 'echo', 'ok', 1 / 3],
];

describe('RequestSeries', () => {
  it('prints the exposition prom-client prints for the same requests', async () => {
    const theirs = promClientPair();
    const mine = ours();
    for (const [method, tool, outcome, seconds] of observations) {
      theirs.add(method, tool, outcome, seconds);
      mine.add(method, tool, outcome, seconds);
    }
    const expected = await theirs.registry.metrics();
    expect(expected).toContain('mcp_request_duration_seconds_bucket{le="+Inf",method="tools/call"');
    expect(await mine.registry.metrics()).toBe(expected);
  });

  it('prints only the headers before any request, and again after resetMetrics', async () => {
    const theirs = promClientPair();
    const mine = ours();
    expect(await mine.registry.metrics()).toBe(await theirs.registry.metrics());
    mine.add('ping', '', 'ok', 0.001);
    mine.registry.resetMetrics();
    expect(await mine.registry.metrics()).toBe(await theirs.registry.metrics());
  });
});
