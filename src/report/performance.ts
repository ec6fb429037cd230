/**
 * The performance section of the stakeholder summary: what the runtime and the audit achieve, in words and a small
 * table, computed from the benchmarks' JSON (bench/runtime, bench/audit). A benchmark of another shape is shown as
 * its measurements laid out in tables (summary-model.ts).
 */
import { mdText } from './markdown-text.js';

/** A benchmark told in prose: a heading, sentences and one table. */
export interface PerformanceStory {
  title: string;
  paragraphs: string[];
  table: { header: string[]; separator: string[]; rows: string[][] };
  note: string;
}

/** The story of a benchmark's JSON when its shape is one we know (runtime over HTTP, audit), else undefined. */
export function performanceStory(data: unknown): PerformanceStory | undefined {
  const benchmark = field(data, 'benchmark');
  if (benchmark === 'runtime-http') return runtimeStory(data);
  if (benchmark === 'audit') return auditStory(data);
  return undefined;
}

interface HttpCase {
  reqPerSec: number;
  serverCpuUsPerRequest?: number;
  p50Ms?: number;
  p99Ms?: number;
}

/** The servers bench/runtime compares, in the table's order, with what each is. */
const SERVERS: { key: string; name: string }[] = [
  { key: 'floor', name: 'Bare floor: a Node http server returning a fixed reply' },
  { key: 'ours', name: 'Reference runtime' },
  { key: 'full-pipeline', name: 'Reference runtime, full security pipeline' },
  { key: 'sdk', name: 'Official TypeScript SDK (stateless)' },
];
const METHODS = ['tools/call', 'tools/list'];

function runtimeStory(data: unknown): PerformanceStory | undefined {
  const results = field(data, 'results');
  const at = (server: string, method: string): HttpCase | undefined => {
    const value = field(field(results, server), method);
    return typeof field(value, 'reqPerSec') === 'number' ? (value as HttpCase) : undefined;
  };
  const ours = at('ours', 'tools/call');
  const sdk = at('sdk', 'tools/call');
  const floor = at('floor', 'tools/call');
  if (!ours || !sdk || !floor) return undefined;
  const settings = field(data, 'settings');
  const full = at('full-pipeline', 'tools/call');

  const paragraphs = [
    `Over Streamable HTTP on loopback, the reference runtime answers ${rate(ours)} tool calls per second: ` +
      `${times(ours.reqPerSec / sdk.reqPerSec)} the official TypeScript SDK (${rate(sdk)} per second) and ` +
      `${percent(ours.reqPerSec / floor.reqPerSec)} of the bare floor, a Node http server that does nothing but ` +
      `return a fixed reply (${rate(floor)} per second).`,
  ];
  if (ours.serverCpuUsPerRequest !== undefined && sdk.serverCpuUsPerRequest !== undefined) {
    paragraphs.push(
      `Each tool call costs the server ${micros(ours.serverCpuUsPerRequest)} of CPU, against ` +
        `${micros(sdk.serverCpuUsPerRequest)} for the SDK` +
        (floor.serverCpuUsPerRequest !== undefined
          ? ` and ${micros(floor.serverCpuUsPerRequest)} for the floor`
          : '') +
        `: the SDK spends ${times(sdk.serverCpuUsPerRequest / ours.serverCpuUsPerRequest)} as much per call.`,
    );
  }
  if (full) {
    paragraphs.push(
      `With the whole security pipeline on (API-key authentication, authorization, a rate limit, logs written to a ` +
        `file and metrics), it still answers ${rate(full)} tool calls per second, ` +
        `${times(full.reqPerSec / sdk.reqPerSec)} the SDK without any of these` +
        (full.serverCpuUsPerRequest !== undefined
          ? `, at ${micros(full.serverCpuUsPerRequest)} of CPU per call.`
          : '.'),
    );
  }
  const stages = field(field(field(field(data, 'inProcess'), 'ratios'), 'concurrent'), 'tools/call');
  const stagesUs = field(stages, 'securityStagesUsPerRequest');
  if (typeof stagesUs === 'number') {
    paragraphs.push(
      `Measured in process, without HTTP, the security stages themselves cost ${micros(stagesUs)} per tool call.`,
    );
  }
  paragraphs.push(
    `For the runtime the median answer takes ${latency(ours.p50Ms)} and the 99th percentile ` +
      `${latency(ours.p99Ms)}; for the SDK ${latency(sdk.p50Ms)} and ${latency(sdk.p99Ms)}.`,
  );

  const rows: string[][] = [];
  for (const method of METHODS) {
    const base = { sdk: at('sdk', method), floor: at('floor', method) };
    for (const server of SERVERS) {
      const c = at(server.key, method);
      if (!c) continue;
      rows.push([
        mdText(server.name),
        mdText(method),
        rate(c),
        c.serverCpuUsPerRequest === undefined ? '' : micros(c.serverCpuUsPerRequest),
        `${latency(c.p50Ms)} / ${latency(c.p99Ms)}`,
        base.sdk ? times(c.reqPerSec / base.sdk.reqPerSec) : '',
        base.floor ? percent(c.reqPerSec / base.floor.reqPerSec) : '',
      ]);
    }
  }
  const connections = field(settings, 'connections');
  const duration = field(settings, 'durationSec');
  const rounds = field(settings, 'rounds');
  const node = field(settings, 'node');
  const how = [
    typeof connections === 'number' ? `${connections} concurrent connections` : '',
    typeof duration === 'number' ? `${duration} s per measurement` : '',
    typeof rounds === 'number' ? `the median of ${rounds} rounds, each server in a fresh process` : '',
    typeof node === 'string' ? `Node ${mdText(node)}` : '',
  ].filter((part) => part !== '');
  return {
    title: 'The MCP runtime beside the official SDK and the bare floor',
    paragraphs,
    table: {
      header: [
        'Server',
        'Method',
        'Requests per second',
        'Server CPU per request',
        'Latency, median / 99th percentile',
        'Throughput against the SDK',
        'Share of the floor',
      ],
      separator: ['---', '---', '---:', '---:', '---:', '---:', '---:'],
      rows,
    },
    note: `Measured by bench/runtime with autocannon over loopback${how.length > 0 ? `: ${how.join(', ')}` : ''}. Every server runs the same echo tool with an input schema.`,
  };
}

interface AuditMeasure {
  processMs?: number;
  processCpuMs?: number;
}

function auditStory(data: unknown): PerformanceStory | undefined {
  const targets = field(data, 'results');
  if (!Array.isArray(targets) || targets.length === 0) return undefined;
  const safeguards = field(field(data, 'rules'), 'safeguards');
  const reps = field(data, 'reps');
  const rows: string[][] = [];
  const paragraphs: string[] = [];
  for (const target of targets) {
    const all = field(target, 'auditAll') as AuditMeasure | undefined;
    const tsc = field(target, 'tscNoEmit') as AuditMeasure | undefined;
    const syntactic = field(target, 'auditSyntactic') as AuditMeasure | undefined;
    const floor = field(target, 'floor') as AuditMeasure | undefined;
    const name = field(target, 'target');
    const files = field(target, 'files');
    const lines = field(target, 'lines');
    if (typeof all?.processMs !== 'number' || typeof tsc?.processMs !== 'number' || typeof name !== 'string')
      continue;
    const size =
      typeof files === 'number' && typeof lines === 'number'
        ? ` (${group(files)} files, ${group(lines)} lines)`
        : '';
    paragraphs.push(
      `Auditing ${mdText(targetName(name))}${size} with every bundled rule takes ${seconds(all.processMs)}, ` +
        `${percent(all.processMs / tsc.processMs)} of the time TypeScript's own type check (\`tsc --noEmit\`) takes ` +
        `on the same files (${seconds(tsc.processMs)}).`,
    );
    rows.push([
      mdText(targetName(name)),
      typeof files === 'number' ? group(files) : '',
      typeof lines === 'number' ? group(lines) : '',
      seconds(all.processMs),
      typeof syntactic?.processMs === 'number' ? seconds(syntactic.processMs) : '',
      typeof floor?.processMs === 'number' ? seconds(floor.processMs) : '',
      seconds(tsc.processMs),
      percent(all.processMs / tsc.processMs),
    ]);
  }
  if (rows.length === 0) return undefined;
  return {
    title: "The audit's speed beside the TypeScript compiler",
    paragraphs,
    table: {
      header: [
        'Project',
        'Files',
        'Lines',
        'Audit, every rule',
        'Audit, rules read from the syntax alone',
        'Parsing and walking every file only',
        'tsc --noEmit',
        'Audit time against tsc',
      ],
      separator: ['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:'],
      rows,
    },
    note:
      `Measured by bench/audit: each time is a whole process from start to exit, ` +
      (typeof reps === 'number' ? `the median of ${reps} runs` : 'the median of several runs') +
      (typeof safeguards === 'number' ? `, with ${safeguards} bundled safeguards` : '') +
      '. The floor is the least any audit of these files must do: parse and walk them once. Rules read from the ' +
      'syntax alone are those answered from the facts of that walk, without the type checker or the taint analysis.',
  };
}

function targetName(name: string): string {
  return name === 'synthetic-corpus' ? 'a generated project' : name;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** 26885 as `26,885`: grouped the same way on every machine (no locale). */
function group(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function rate(c: HttpCase): string {
  return group(c.reqPerSec);
}

function micros(us: number): string {
  return `${Number(us.toFixed(1))} µs`;
}

function latency(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1 ? 'under 1 ms' : `${ms} ms`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function times(ratio: number): string {
  return `${ratio >= 10 ? Math.round(ratio) : Number(ratio.toFixed(1))}×`;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)} %`;
}
