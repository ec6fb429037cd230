// One measurement in a fresh process (so peak RSS belongs to it alone): `floor` or `audit`.
// Prints one JSON line: { wallMs, files, peakRssMb }. Wall time starts after modules are loaded.
// Arguments: PHASE TARGET [RULES_DIR] [LIB_DIR]; LIB_DIR (default this checkout's lib/) lets bench/audit/compare.mjs
// run another revision's build on the same target.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { globby } from 'globby';

const [phase, target, rulesDir, libDir] = process.argv.slice(2);

const { ts } = await import('ts-morph');
const auditModule = libDir
  ? pathToFileURL(path.join(path.resolve(libDir), 'audit/index.js')).href
  : '../../lib/audit/index.js';
const { runAudit } = phase === 'audit' ? await import(auditModule) : {};

async function floor() {
  const start = performance.now();
  const files = (
    await globby(['**/*.ts'], { cwd: target, ignore: ['**/node_modules/**', '**/*.d.ts'] })
  ).sort();
  let nodes = 0;
  const visit = (node) => {
    nodes++;
    ts.forEachChild(node, visit);
  };
  for (const file of files) {
    const text = readFileSync(path.join(target, file), 'utf8');
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    ts.forEachChild(sourceFile, visit);
  }
  return { wallMs: performance.now() - start, files: files.length, nodes };
}

async function audit() {
  const start = performance.now();
  const card = await runAudit({ root: target, ruleDirs: [rulesDir], bundledRules: false, failOn: 'none' });
  return { wallMs: performance.now() - start, files: card.files.audited, lines: card.files.lines };
}

const cpuBefore = process.cpuUsage();
const result = phase === 'floor' ? await floor() : await audit();
const cpu = process.cpuUsage(cpuBefore);
// CPU time (user + system) of the measured phase: on a shared machine it varies far less than wall time.
const cpuMs = (cpu.user + cpu.system) / 1000;
const total = process.cpuUsage();
const processCpuMs = (total.user + total.system) / 1000; // module loading included, to compare with whole tsc runs
process.stdout.write(
  `${JSON.stringify({ ...result, cpuMs, processCpuMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
