// Audit benchmark (npm run bench:audit [-- --out FILE] [--reps N]): a generated ~100k-line corpus and src/runtime.
// In the same run it measures the floor (TypeScript's createSourceFile + one full walk), our audit with syntactic
// rules only and with all bundled rules, and `tsc --noEmit` on the same files. Prints JSON; medians of --reps runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.mjs';
import { syntacticRules } from './syntactic-rules.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const reps = Number(option('--reps', '3'));
const outFile = option('--out', undefined);
const work = mkdtempSync(path.join(os.tmpdir(), 'safeguard-bench-audit-'));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function child(phase, target, rules) {
  const start = performance.now();
  const out = execFileSync(
    process.execPath,
    [path.join(repo, 'bench/audit/measure.mjs'), phase, target, rules ?? ''],
    {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return { ...JSON.parse(out.trim().split('\n').pop()), processMs: performance.now() - start };
}

// `tsc --noEmit` (TypeScript 5.9, the project's compiler) over the same files, as a whole process.
function tsc(tsconfig) {
  const start = performance.now();
  const result = spawnSync(
    process.execPath,
    [path.join(repo, 'bench/audit/tsc.mjs'), '--noEmit', '-p', tsconfig],
    {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    },
  );
  const processMs = performance.now() - start;
  // Type errors (exit 1 or 2) still mean a full check ran; anything else is a broken run.
  if (result.status === null || result.status > 2) throw new Error(`tsc failed: ${result.stderr}`);
  const { processCpuMs } = JSON.parse(result.stderr.trim().split('\n').pop());
  return { processMs, processCpuMs };
}

function measure(label, target, tsconfig, rules) {
  const runs = { floor: [], syntactic: [], all: [], tsc: [] };
  for (let r = 0; r < reps; r++) {
    runs.floor.push(child('floor', target));
    runs.syntactic.push(child('audit', target, rules.syntactic));
    runs.all.push(child('audit', target, rules.all));
    runs.tsc.push(tsc(tsconfig));
  }
  const med = (list, key) =>
    list[0][key] === undefined ? undefined : Math.round(median(list.map((r) => r[key])));
  const summary = (list) => {
    const out = {
      wallMs: med(list, 'wallMs'), // the measured phase, after modules are loaded
      cpuMs: med(list, 'cpuMs'),
      processMs: med(list, 'processMs'), // the whole process, as a user waits for it
      processCpuMs: med(list, 'processCpuMs'),
      peakRssMb: med(list, 'peakRssMb'),
    };
    if (list[0].files !== undefined && out.wallMs)
      out.filesPerSecond = Math.round((list[0].files * 1000) / out.wallMs);
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
  };
  const floor = summary(runs.floor);
  const syntactic = summary(runs.syntactic);
  const all = summary(runs.all);
  const tscRun = summary(runs.tsc);
  const ratio = (a, b) => Math.round((a / b) * 100) / 100;
  return {
    target: label,
    files: runs.all[0].files,
    lines: runs.all[0].lines,
    floor,
    auditSyntactic: syntactic,
    auditAll: all,
    tscNoEmit: tscRun,
    ratios: {
      syntacticOverFloorWall: ratio(syntactic.wallMs, floor.wallMs),
      syntacticOverFloorCpu: ratio(syntactic.cpuMs, floor.cpuMs),
      allOverFloorWall: ratio(all.wallMs, floor.wallMs),
      allOverFloorCpu: ratio(all.cpuMs, floor.cpuMs),
      syntacticOverFloorRss: ratio(syntactic.peakRssMb, floor.peakRssMb),
      allOverFloorRss: ratio(all.peakRssMb, floor.peakRssMb),
      allOverTscProcessWall: ratio(all.processMs, tscRun.processMs),
      allOverTscProcessCpu: ratio(all.processCpuMs, tscRun.processCpuMs),
    },
    // Targets (issue 4): syntactic rules within 1.5x the floor; all rules within the time of tsc --noEmit.
    // CPU time is the steadier measure on a shared machine; both are given.
    targets: {
      syntacticWithin1_5xFloorCpu: syntactic.cpuMs <= 1.5 * floor.cpuMs,
      syntacticWithin1_5xFloorWall: syntactic.wallMs <= 1.5 * floor.wallMs,
      allWithinTscCpu: all.processCpuMs <= tscRun.processCpuMs,
      allWithinTscWall: all.processMs <= tscRun.processMs,
    },
  };
}

try {
  const rules = { all: path.join(repo, 'rules'), syntactic: path.join(work, 'rules-syntactic') };
  const counts = await syntacticRules(rules.all, rules.syntactic, path.join(repo, 'lib'));
  const corpusDir = path.join(work, 'corpus');
  const generated = generateCorpus(corpusDir);
  const runtimeDir = path.join(repo, 'src/runtime');
  const runtimeFiles = readdirSync(runtimeDir, { recursive: true })
    .filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(runtimeDir, f));
  const runtimeTsconfig = path.join(work, 'tsconfig.runtime.json');
  writeFileSync(
    runtimeTsconfig,
    JSON.stringify({
      compilerOptions: {
        target: 'ES2023',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [path.join(repo, 'node_modules/@types')],
      },
      files: runtimeFiles,
    }),
  );
  const result = {
    benchmark: 'audit',
    node: process.version,
    reps,
    rules: { safeguards: counts.kept + counts.dropped, syntactic: counts.kept, semantic: counts.dropped },
    corpus: { generatedFiles: generated.files, generatedLines: generated.lines },
    results: [
      measure('synthetic-corpus', corpusDir, path.join(corpusDir, 'tsconfig.json'), rules),
      measure('src/runtime', runtimeDir, runtimeTsconfig, rules),
    ],
  };
  const json = `${JSON.stringify(result, null, 2)}\n`;
  process.stdout.write(json);
  if (outFile) writeFileSync(outFile, json);
} finally {
  rmSync(work, { recursive: true, force: true });
}
