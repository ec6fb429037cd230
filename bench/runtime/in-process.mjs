// `node bench/runtime/in-process.mjs`: the reference runtime's pipeline without a socket. The HTTP numbers of
// bench/runtime/index.mjs include the kernel's loopback and Node's HTTP stack, and on a shared machine they drift;
// driving McpJsonRpcServer.receiveText directly (as the HTTP transport does, same headers and session) measures what
// the pipeline itself costs per request, bare and with every security stage on, in the same process and run.
// Prints JSON: CPU µs per request per server and case (median of interleaved rounds), and what the security stages
// add per request, in two modes: `concurrent` (ten callers without pause: the finished requests of one event-loop
// turn are recorded together, so logging and metrics come cheap) and `oneRequestPerTurn` (one caller that lets the
// event loop turn between requests, as requests arriving over HTTP usually do: every request is recorded on its own,
// and the turn itself is paid for). (No throughput ratio: without the HTTP stack the bare pipeline is a few µs, so a ratio here would
// overstate the stages' share; bench/runtime/index.mjs gives the over-the-wire one.)
import { setImmediate } from 'node:timers';
import { build as buildFull } from './servers/full-pipeline.mjs';
import { build as buildBare } from './servers/ours.mjs';
import { initializeRequest } from './session.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const settings = {
  requestsPerRound: option('--requests', 50_000),
  concurrency: option('--concurrency', 10),
  rounds: option('--rounds', 5),
};

const cases = {
  'tools/list': (id) => ({ jsonrpc: '2.0', id, method: 'tools/list', params: {} }),
  'tools/call': (id) => ({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'echo', arguments: { text: 'hello' } },
  }),
};

const nowhere = { send() {}, closed: true };

/** A server with an open session, and the request info the HTTP transport would hand it. */
async function prepare(name, build) {
  const built = build();
  const headers = {
    ...built.headers,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-11-25',
  };
  const init = await built.server.receiveText(initializeRequest, { transport: 'http', headers }, nowhere);
  const sessionId = init.headers['mcp-session-id'];
  if (!sessionId) throw new Error(`${name}: initialize failed: ${JSON.stringify(init.body)}`);
  const info = {
    transport: 'http',
    headers: { ...headers, 'mcp-session-id': sessionId },
    sessionId,
    remoteAddress: '127.0.0.1',
  };
  return { name, server: built.server, info, close: built.close };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * `count` requests with distinct JSON-RPC ids, from `concurrency` callers at once or from one caller waiting for the
 * next event-loop turn after each answer; returns CPU µs per request (the recording of the last turn included).
 */
async function measure({ name, server, info }, makeRequest, count, mode) {
  const caller = async (id, n) => {
    const text = JSON.stringify(makeRequest(id));
    for (let i = 0; i < n; i++) {
      const reply = await server.receiveText(text, info, nowhere);
      if (reply.body?.result === undefined) throw new Error(`${name}: ${JSON.stringify(reply.body)}`);
      if (mode === 'oneRequestPerTurn') await nextTurn();
    }
  };
  const callers = mode === 'concurrent' ? settings.concurrency : 1;
  const per = Math.ceil(count / callers);
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: callers }, (_, i) => caller(i + 1, per)));
  await nextTurn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / (per * callers);
}

const modes = ['concurrent', 'oneRequestPerTurn'];
const round1 = (n) => Math.round(n * 10) / 10;
const variants = [await prepare('ours', buildBare), await prepare('full-pipeline', buildFull)];
const samples = {};
try {
  for (const variant of variants)
    for (const mode of modes)
      for (const make of Object.values(cases))
        await measure(variant, make, settings.requestsPerRound / 5, mode); // warm-up
  for (let round = 0; round < settings.rounds; round++) {
    for (const mode of modes) {
      for (const [label, make] of Object.entries(cases)) {
        for (const variant of variants) {
          const us = await measure(variant, make, settings.requestsPerRound, mode);
          (((samples[mode] ??= {})[variant.name] ??= {})[label] ??= []).push(us);
        }
      }
    }
  }
} finally {
  for (const variant of variants) await variant.close();
}

const results = {};
const ratios = {};
for (const mode of modes) {
  results[mode] = {};
  for (const [name, byCase] of Object.entries(samples[mode])) {
    results[mode][name] = {};
    for (const [label, list] of Object.entries(byCase)) {
      const sorted = [...list].sort((a, b) => a - b);
      results[mode][name][label] = {
        cpuUsPerRequest: round1(sorted[Math.floor(sorted.length / 2)]),
        rounds: list.map(round1),
      };
    }
  }
  ratios[mode] = {};
  for (const label of Object.keys(cases)) {
    const bare = results[mode].ours[label].cpuUsPerRequest;
    const full = results[mode]['full-pipeline'][label].cpuUsPerRequest;
    ratios[mode][label] = { securityStagesUsPerRequest: round1(full - bare) };
  }
}
const report = {
  benchmark: 'runtime-in-process',
  settings: { ...settings, node: process.version },
  results,
  ratios,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
