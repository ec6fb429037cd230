// Pathological inputs of issue 14 (node bench/audit/pathological.mjs, after npm run build): an 80 000-call chain
// `a()()()…` and 50 000 nested parentheses, each the one source file of a small MCP server project, audited with the
// bundled rules. Prints JSON: per case the audit's wall time, the parse floor of the same file (TypeScript's
// createSourceFile and one full walk, in a worker with the stack the audit's deep-file worker gets, since the
// parentheses exhaust the main thread's stack) and their ratio. test/audit/deep-files.test.ts audits the same cases.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const { runAudit } = await import('../../lib/audit/index.js');

const CASES = {
  callChain80k: `export const x = a${'()'.repeat(80_000)};\neval(x);\n`,
  parentheses50k: `export const x = ${'('.repeat(50_000)}a${')'.repeat(50_000)};\neval(x);\n`,
};
const SERVER = [
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
  "export const server = new McpServer({ name: 'deep', version: '1.0.0' });",
  '',
].join('\n');

// Parse and walk timed inside the worker, so that starting it and loading TypeScript are not counted.
const FLOOR = `
const { parentPort, workerData } = require('node:worker_threads');
const { ts } = require(workerData.tsMorph);
const start = performance.now();
const sourceFile = ts.createSourceFile('/deep.ts', workerData.text, ts.ScriptTarget.Latest, true);
const pending = [sourceFile];
for (let node = pending.pop(); node; node = pending.pop()) ts.forEachChild(node, (child) => void pending.push(child));
parentPort.postMessage(performance.now() - start);
`;

function floorMs(text) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(FLOOR, {
      eval: true,
      workerData: { text, tsMorph: import.meta.resolve('ts-morph').replace('file://', '') },
      resourceLimits: { stackSizeMb: 256 },
    });
    worker.once('message', (ms) => {
      void worker.terminate();
      resolve(ms);
    });
    worker.once('error', reject);
  });
}

const work = mkdtempSync(path.join(os.tmpdir(), 'safeguard-bench-pathological-'));
const results = {};
for (const [name, text] of Object.entries(CASES)) {
  const root = path.join(work, name);
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', dependencies: { '@modelcontextprotocol/sdk': '1.0.0' } }),
  );
  writeFileSync(path.join(root, 'src/index.ts'), SERVER);
  writeFileSync(path.join(root, 'src/deep.ts'), text);
  const floor = await floorMs(text);
  const start = performance.now();
  const card = await runAudit({ root, failOn: 'none' });
  const auditMs = performance.now() - start;
  results[name] = {
    bytes: text.length,
    auditMs: Math.round(auditMs),
    floorMs: Math.round(floor),
    ratioToFloor: Number((auditMs / floor).toFixed(2)),
    diagnostics: card.diagnostics
      .filter((d) => d.file === 'src/deep.ts')
      .map((d) => `${d.code}: ${d.message}`),
  };
}
rmSync(work, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ node: process.version, cases: results }, null, 2)}\n`);
