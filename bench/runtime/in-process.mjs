// `node bench/runtime/in-process.mjs`: the reference runtime's pipeline without a socket. The HTTP numbers of
// bench/runtime/index.mjs include the kernel's loopback and Node's HTTP stack, and on a shared machine they drift;
// driving McpJsonRpcServer.receiveText directly (as the HTTP transport does, same headers and session) measures what
// the pipeline itself costs per request, bare and with every security stage on, in the same process and run.
// Prints JSON: CPU µs per request per server and case (median of interleaved rounds), and what the security stages
// add per request. (No throughput ratio: without the HTTP stack the bare pipeline is a few µs, so a ratio here would
// overstate the stages' share; bench/runtime/index.mjs gives the over-the-wire one.)
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

/** `count` requests from `concurrency` callers with distinct JSON-RPC ids; returns CPU µs per request. */
async function measure({ name, server, info }, makeRequest, count) {
  const caller = async (id, n) => {
    const text = JSON.stringify(makeRequest(id));
    for (let i = 0; i < n; i++) {
      const reply = await server.receiveText(text, info, nowhere);
      if (reply.body?.result === undefined) throw new Error(`${name}: ${JSON.stringify(reply.body)}`);
    }
  };
  const per = Math.ceil(count / settings.concurrency);
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: settings.concurrency }, (_, i) => caller(i + 1, per)));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / (per * settings.concurrency);
}

const round1 = (n) => Math.round(n * 10) / 10;
const variants = [await prepare('ours', buildBare), await prepare('full-pipeline', buildFull)];
const samples = {};
try {
  for (const variant of variants)
    for (const make of Object.values(cases)) await measure(variant, make, settings.requestsPerRound / 5); // warm-up
  for (let round = 0; round < settings.rounds; round++) {
    for (const [label, make] of Object.entries(cases)) {
      for (const variant of variants) {
        const us = await measure(variant, make, settings.requestsPerRound);
        ((samples[variant.name] ??= {})[label] ??= []).push(us);
      }
    }
  }
} finally {
  for (const variant of variants) await variant.close();
}

const results = {};
for (const [name, byCase] of Object.entries(samples)) {
  results[name] = {};
  for (const [label, list] of Object.entries(byCase)) {
    const sorted = [...list].sort((a, b) => a - b);
    results[name][label] = {
      cpuUsPerRequest: round1(sorted[Math.floor(sorted.length / 2)]),
      rounds: list.map(round1),
    };
  }
}
const ratios = {};
for (const label of Object.keys(cases)) {
  const bare = results.ours[label].cpuUsPerRequest;
  const full = results['full-pipeline'][label].cpuUsPerRequest;
  ratios[label] = { securityStagesUsPerRequest: round1(full - bare) };
}
const report = {
  benchmark: 'runtime-in-process',
  settings: { ...settings, node: process.version },
  results,
  ratios,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
