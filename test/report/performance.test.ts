import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readBenchReport, render } from '../../src/report/index.js';
import { performanceStory } from '../../src/report/performance.js';
import { sampleScorecard } from './sample-scorecard.js';

// The measurements committed in reports/ are what the published summary shows; the test reads the same files.
const RUNTIME = 'reports/bench-runtime.json';
const AUDIT = 'reports/bench-audit.json';

function performanceSection(): string {
  const md = render('md', sampleScorecard(), { bench: readBenchReport([RUNTIME, AUDIT]) });
  const start = md.indexOf('## Performance');
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end === -1 ? undefined : end);
}

/** A runtime benchmark shaped as bench/runtime prints it, with round numbers to check the arithmetic. */
const runtime = {
  benchmark: 'runtime-http',
  settings: { connections: 10, durationSec: 5, rounds: 3, node: 'v22.0.0' },
  results: {
    floor: { 'tools/call': { reqPerSec: 50000, serverCpuUsPerRequest: 20, p50Ms: 0, p99Ms: 0 } },
    ours: { 'tools/call': { reqPerSec: 25000, serverCpuUsPerRequest: 40, p50Ms: 0, p99Ms: 1 } },
    'full-pipeline': { 'tools/call': { reqPerSec: 12500, serverCpuUsPerRequest: 80, p50Ms: 0, p99Ms: 1 } },
    sdk: { 'tools/call': { reqPerSec: 2500, serverCpuUsPerRequest: 400, p50Ms: 2, p99Ms: 9 } },
  },
};

describe('the performance section a stakeholder reads', () => {
  test('says in words what the runtime achieves beside the SDK and the floor, with the ratios', () => {
    const story = performanceStory(runtime)!;
    expect(story.paragraphs).toEqual([
      'Over Streamable HTTP on loopback, the reference runtime answers 25,000 tool calls per second: 10× the ' +
        'official TypeScript SDK (2,500 per second) and 50 % of the bare floor, a Node http server that does ' +
        'nothing but return a fixed reply (50,000 per second).',
      'Each tool call costs the server 40 µs of CPU, against 400 µs for the SDK and 20 µs for the floor: the SDK ' +
        'spends 10× as much per call.',
      'With the whole security pipeline on (API-key authentication, authorization, a rate limit, logs written to ' +
        'a file and metrics), it still answers 12,500 tool calls per second, 5× the SDK without any of these, at ' +
        '80 µs of CPU per call.',
      'For the runtime the median answer takes under 1 ms and the 99th percentile 1 ms; for the SDK 2 ms and 9 ms.',
    ]);
    expect(story.table.rows[1]).toEqual([
      'Reference runtime',
      'tools/call',
      '25,000',
      '40 µs',
      'under 1 ms / 1 ms',
      '10×',
      '50 %',
    ]);
  });

  test('the committed measurements: a small table per benchmark, no raw JSON key in the text', () => {
    const text = performanceSection();
    expect(text).toContain('### The MCP runtime beside the official SDK and the bare floor');
    expect(text).toContain("### The audit's speed beside the TypeScript compiler");
    expect(text).toContain('| Server | Method | Requests per second | Server CPU per request |');
    expect(text).toContain('`tsc --noEmit`');
    for (const key of [
      'reqPerSec',
      'serverCpuUsPerRequest',
      'p99Ms',
      'rounds[',
      'oursOverSdk',
      'processMs',
      'auditAll',
      'tscNoEmit',
      'results.',
    ]) {
      expect(text).not.toContain(key);
    }
  });

  test("the audit's time is set against tsc --noEmit on the same files", () => {
    const data = JSON.parse(readFileSync(AUDIT, 'utf8')) as {
      results: { target: string; auditAll: { processMs: number }; tscNoEmit: { processMs: number } }[];
    };
    const runtimeTarget = data.results.find((r) => r.target === 'src/runtime')!;
    const share = `${Math.round((runtimeTarget.auditAll.processMs / runtimeTarget.tscNoEmit.processMs) * 100)} %`;
    const story = performanceStory(data)!;
    expect(story.paragraphs.find((p) => p.startsWith('Auditing src/runtime'))).toContain(
      `${share} of the time TypeScript's own type check`,
    );
  });

  test('a benchmark of another shape is still shown, as measured', () => {
    expect(performanceStory({ benchmark: 'something-else', value: 1 })).toBeUndefined();
    expect(performanceStory({ results: {} })).toBeUndefined();
  });
});
