// `npm run build && node bench/soak/index.mjs [--seconds 60 --connections 50 --out FILE]`: the full pipeline of
// `safeguard serve` (API keys of several principals in two tenants, roles, rate limits on every scope, JSON logs to
// a file, Prometheus metrics)
// under constant load on loopback, bounded in time. Prints JSON: errors (must be 0), the server's RSS at the start
// of the measured period and at its end (growth must stay under 10 %), latency percentiles. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { digestApiKey, generateApiKey } from '../../lib/runtime/auth/api-key.js';
/* global fetch, setInterval, clearInterval */

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../../lib/cli/index.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const seconds = Number(option('--seconds', 60));
const connections = Number(option('--connections', 50));
// RSS is taken after this warm-up under the same load: the JIT and the heap settle first.
const warmupSeconds = Number(option('--warmup', Math.min(10, Math.max(2, Math.round(seconds / 6)))));
const out = option('--out', undefined);

// Eight principals in two tenants; one role may only read, so tools/call is refused for it (403, expected).
const principals = Array.from({ length: 8 }, (_, i) => ({
  id: `soak-${i}`,
  tenant: i % 2 === 0 ? 'tenant-a' : 'tenant-b',
  role: i === 7 ? 'reader' : 'user',
  key: generateApiKey(),
}));
const dir = mkdtempSync(join(tmpdir(), 'safeguard-soak-'));
const logFile = join(dir, 'requests.log');
writeFileSync(
  join(dir, 'serve.json'),
  JSON.stringify({
    security: {
      api_keys: principals.map((p) => ({
        id: p.id,
        hash: digestApiKey(p.key),
        principal: p.id,
        tenant: p.tenant,
        roles: [p.role],
      })),
      roles: { admin: ['*'], user: ['read', 'execute', 'metrics'], reader: ['read'] },
    },
    // Every scope limited (three buckets per request), high enough never to refuse: a 429 would count as an error.
    rate_limit: {
      requests_per_minute: 10_000_000,
      burst: 1_000_000,
      per: ['principal', 'tenant', 'tool'],
    },
    logging: { level: 'info', destination: logFile },
    metrics: { enabled: true, permission: 'metrics' },
  }),
);

function startServe() {
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--http', '127.0.0.1:0', '--conformance', '--config', join(dir, 'serve.json')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const url = /MCP endpoint (\S+)/.exec(stderr)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

function rssMb(pid) {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

const json = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
async function openSession(url, key) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...json, authorization: `Bearer ${key}` },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'soak', version: '1' } },
    }),
  });
  await res.text();
  const id = res.headers.get('mcp-session-id');
  if (!id) throw new Error(`soak: initialize failed with ${res.status}`);
  return id;
}

// What a connection sends, in turn: list, call, call with bad arguments (an isError result), ping.
const bodies = [
  { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
  { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'test_simple_text', arguments: {} } },
  { jsonrpc: '2.0', id: 3, method: 'resources/read', params: { uri: 'test://static-text' } },
  { jsonrpc: '2.0', id: 4, method: 'ping', params: {} },
].map((b) => JSON.stringify(b));

const { child, url } = await startServe();
let sent = 0;
let errors = 0;
let unexpected = 0;
const statuses = {};
try {
  const sessions = await Promise.all(principals.map((p) => openSession(url, p.key)));
  const metricsUrl = new URL('/metrics', url).href;
  // Prometheus scrapes once a second, with the first principal's key.
  let scrapes = 0;
  const scraper = setInterval(() => {
    fetch(metricsUrl, { headers: { authorization: `Bearer ${principals[0].key}` } })
      .then(async (res) => {
        await res.text();
        if (res.status === 200) scrapes++;
        else unexpected++;
      })
      .catch(() => errors++);
  }, 1000);

  const load = (duration) =>
    new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          method: 'POST',
          connections,
          duration,
          // Requests go round the principals (each with its session) and the bodies. autocannon shares request
          // objects between connections and resets a connection's context after each pass, so a global counter.
          requests: [
            {
              setupRequest: (request) => {
                const n = sent++;
                const p = n % principals.length;
                return {
                  ...request,
                  method: 'POST',
                  headers: {
                    ...json,
                    authorization: `Bearer ${principals[p].key}`,
                    'mcp-session-id': sessions[p],
                    'mcp-protocol-version': '2025-11-25',
                  },
                  body: bodies[Math.floor(n / principals.length) % bodies.length],
                };
              },
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      instance.on('response', (_client, statusCode) => {
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      });
    });

  await load(warmupSeconds);
  const rssStartMb = rssMb(child.pid);
  const logStart = statSync(logFile).size;
  const result = await load(seconds);
  const rssEndMb = rssMb(child.pid);
  clearInterval(scraper);
  errors += result.errors + result.timeouts;
  // 200 for everything but the reader's tools/call (403); anything else is an error of the run.
  for (const [status, count] of Object.entries(statuses))
    if (status !== '200' && status !== '403') unexpected += count;
  const report = {
    benchmark: 'runtime-soak',
    settings: { seconds, warmupSeconds, connections, principals: principals.length, node: process.version },
    requests: result.requests.total,
    reqPerSec: Math.round(result.requests.average),
    errors: errors + unexpected,
    statuses,
    metricsScrapes: scrapes,
    rssStartMb,
    rssEndMb,
    rssGrowthPercent: Math.round(((rssEndMb - rssStartMb) / rssStartMb) * 1000) / 10,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    logBytesPerRequest: Math.round((statSync(logFile).size - logStart) / Math.max(1, result.requests.total)),
  };
  const text = `${JSON.stringify(report, null, 2)}\n`;
  process.stdout.write(text);
  if (out) writeFileSync(out, text);
  process.exitCode = report.errors === 0 && report.rssGrowthPercent < 10 ? 0 : 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  // SOAK_KEEP=1 keeps the temporary folder (config and log file) for a look afterwards.
  if (!process.env.SOAK_KEEP) rmSync(dir, { recursive: true, force: true });
}
