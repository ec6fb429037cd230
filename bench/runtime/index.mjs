// `npm run bench:runtime`: tools/list and tools/call (echo with an input schema) over Streamable HTTP on loopback,
// measured with autocannon for every server in bench/runtime/servers/ (each in its own process), all in one run.
// Prints JSON with req/s, p50 and p99 per server and case, and the ratios ours/sdk and ours/floor;
// `--out FILE` also writes it. Bounded: a warm-up and a fixed duration per case.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
/* global fetch */

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const settings = {
  connections: Number(option('--connections', 10)),
  durationSec: Number(option('--duration', 5)),
  warmupSec: Number(option('--warmup', 1)),
  // On a shared machine load drifts: several interleaved rounds, reporting each server's median round.
  rounds: Number(option('--rounds', 3)),
};
const out = option('--out', undefined);
// `--servers ours,full-pipeline` runs only those (ratios need their baselines in the same run).
const only = option('--servers', undefined)?.split(',');

const cases = {
  'tools/list': { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
  'tools/call': {
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'echo', arguments: { text: 'hello' } },
  },
};

function startServer(file) {
  const child = spawn(process.execPath, [join(here, 'server-process.mjs'), file], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve({ child, ...JSON.parse(text.split('\n')[0]) });
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

function stopServer(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

// The server process's CPU time so far: CPU per request is steadier than req/s on a machine shared with other work.
// The server process's CPU time so far, plus whatever else it counts (redisCommands for full-pipeline-redis).
function serverCounters(child) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send('cpu');
  });
}

let nextId = 1;
// The body text with another id: a string splice, cheaper for the load generator than JSON.stringify each time.
const withId = (body, id) => JSON.stringify(body).replace('"id":1,', `"id":${id},`);

function run(url, headers, body, durationSec) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        connections: settings.connections,
        duration: durationSec,
        // Every request gets its own id: a session refuses an id still in flight, which a server with an
        // asynchronous stage (the Redis store) would otherwise hit with ten connections on one session.
        requests: [{ setupRequest: (request) => ({ ...request, body: withId(body, nextId++) }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

// A benchmark of error responses would be meaningless: check one real answer first.
async function checkAnswer(name, url, headers, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('"result"'))
    throw new Error(`${name} ${body.method}: ${res.status} ${text.slice(0, 200)}`);
}

const round2 = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const results = {};
const servers = readdirSync(join(here, 'servers'))
  .filter((f) => f.endsWith('.mjs') && (!only || only.includes(f.replace(/\.mjs$/, ''))))
  .sort();
// Each round starts every server in a fresh process, one after the other, and runs every case against it: two
// processes of the same server can differ by a fifth in CPU per request (code and heap layout, which core), so a
// server's median round is over several processes, and drifting load on a shared machine reaches every server of a
// round at about the same time.
const samples = {};
for (let round = 0; round < settings.rounds; round++) {
  for (const file of servers) {
    const name = file.replace(/\.mjs$/, '');
    const { url, headers, child } = await startServer(join(here, 'servers', file));
    try {
      for (const [label, body] of Object.entries(cases)) {
        if (name !== 'floor') await checkAnswer(name, url, headers, body);
        if (settings.warmupSec > 0) await run(url, headers, body, settings.warmupSec);
        const before = await serverCounters(child);
        const r = await run(url, headers, body, settings.durationSec);
        const after = await serverCounters(child);
        const cpuMicros = after.cpuMicros - before.cpuMicros;
        const sample = {
          reqPerSec: round2(r.requests.average, 0),
          serverCpuUsPerRequest: round2(cpuMicros / Math.max(1, r.requests.total), 1),
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          requests: r.requests.total,
          non2xx: r.non2xx,
          errors: r.errors,
          // Round trips to Redis per request (commands sent, the batched session refresh included).
          ...(after.redisCommands === undefined
            ? {}
            : {
                redisCommandsPerRequest: round2(
                  (after.redisCommands - before.redisCommands) / Math.max(1, r.requests.total),
                  3,
                ),
              }),
        };
        ((samples[name] ??= {})[label] ??= []).push(sample);
        process.stderr.write(`round ${round + 1} ${name} ${label}: ${sample.reqPerSec} req/s\n`);
      }
    } finally {
      await stopServer(child);
    }
  }
}
for (const [name, byCase] of Object.entries(samples)) {
  results[name] = {};
  for (const [label, list] of Object.entries(byCase)) {
    const sorted = [...list].sort((a, b) => a.reqPerSec - b.reqPerSec);
    results[name][label] = {
      ...sorted[Math.floor(sorted.length / 2)],
      rounds: list.map((s) => s.reqPerSec),
    };
  }
}

const ratios = {};
for (const label of Object.keys(cases)) {
  const ours = results.ours?.[label]?.reqPerSec;
  ratios[label] = {
    oursOverSdk: ours && results.sdk ? round2(ours / results.sdk[label].reqPerSec) : null,
    oursOverFloor: ours && results.floor ? round2(ours / results.floor[label].reqPerSec) : null,
    // Server CPU per request of the floor divided by ours: the share of the floor's efficiency we keep.
    floorCpuOverOursCpu:
      results.ours && results.floor
        ? round2(results.floor[label].serverCpuUsPerRequest / results.ours[label].serverCpuUsPerRequest)
        : null,
  };
  for (const other of Object.keys(results).filter((n) => !['ours', 'sdk', 'floor'].includes(n))) {
    if (results.floor)
      ratios[label][`${other}OverFloor`] = round2(
        results[other][label].reqPerSec / results.floor[label].reqPerSec,
      );
    if (results.ours)
      ratios[label][`${other}OverOurs`] = round2(
        results[other][label].reqPerSec / results.ours[label].reqPerSec,
      );
  }
}
// What the Redis store adds to the full pipeline, per request, measured in the same run.
for (const label of Object.keys(cases)) {
  const redis = results['full-pipeline-redis']?.[label];
  const memory = results['full-pipeline']?.[label];
  if (!redis || !memory) continue;
  ratios[label].redisStoreExtra = {
    serverCpuUsPerRequest: round2(redis.serverCpuUsPerRequest - memory.serverCpuUsPerRequest, 1),
    p50Ms: round2(redis.p50Ms - memory.p50Ms),
    reqPerSecRatio: round2(redis.reqPerSec / memory.reqPerSec),
    redisCommandsPerRequest: redis.redisCommandsPerRequest,
  };
}
// The same two pipelines without a socket: what the security stages cost per request, steadier than req/s.
const inProcess =
  results.ours && results['full-pipeline']
    ? JSON.parse(execFileSync(process.execPath, [join(here, 'in-process.mjs')], { encoding: 'utf8' }))
    : undefined;
const report = {
  benchmark: 'runtime-http',
  settings: { ...settings, node: process.version },
  results,
  ratios,
  ...(inProcess ? { inProcess: { results: inProcess.results, ratios: inProcess.ratios } } : {}),
};
const json = `${JSON.stringify(report, null, 2)}\n`;
process.stdout.write(json);
if (out) writeFileSync(out, json);
