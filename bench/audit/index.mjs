// Audit benchmark (npm run bench:audit [-- --out FILE] [--reps N]): a generated ~100k-line corpus and src/runtime.
// In the same run it measures the floor (TypeScript's createSourceFile + one full walk), our audit with syntactic
// rules only and with all bundled rules, and `tsc --noEmit` on the same files. Prints JSON; medians of --reps runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, stringify } from 'yaml';
import { generateCorpus } from './corpus.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const reps = Number(option('--reps', '3'));
const outFile = option('--out', undefined);
const work = mkdtempSync(path.join(os.tmpdir(), 'safeguard-bench-audit-'));

// The bundled rules minus every safeguard that needs the type checker (resolves-to / reaches).
function syntacticRules(dir) {
  mkdirSync(dir, { recursive: true });
  let kept = 0;
  let dropped = 0;
  for (const name of readdirSync(path.join(repo, 'rules')).filter((n) => n.endsWith('.yaml'))) {
    const doc = parseDocument(readFileSync(path.join(repo, 'rules', name), 'utf8')).toJS();
    const semantic = (s) => /"(resolves-to|reaches)"/.test(JSON.stringify(s));
    dropped += doc.safeguards.filter(semantic).length;
    doc.safeguards = doc.safeguards.filter((s) => !semantic(s));
    kept += doc.safeguards.length;
    if (doc.safeguards.length > 0) writeFileSync(path.join(dir, name), stringify(doc));
  }
  return { kept, dropped };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function child(phase, target, rules) {
  const start = performance.now();
  const out = execFileSync(process.execPath, [path.join(repo, 'bench/audit/measure.mjs'), phase, target, rules ?? ''], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return { ...JSON.parse(out.trim().split('\n').pop()), processMs: performance.now() - start };
}

// `tsc --noEmit` (TypeScript 5.9, the project's compiler) over the same files, as a whole process.
function tsc(tsconfig) {
  const start = performance.now();
  try {
    execFileSync(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', tsconfig, '--extendedDiagnostics'], {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    });
  } catch (error) {
    // Type errors still mean a full check ran; only a missing compiler is fatal.
    if (error.status === undefined || error.status > 2) throw error;
  }
  return { processMs: performance.now() - start };
}

function measure(label, target, tsconfig, rules) {
  const runs = { floor: [], syntactic: [], all: [], tsc: [] };
  for (let r = 0; r < reps; r++) {
    runs.floor.push(child('floor', target));
    runs.syntactic.push(child('audit', target, rules.syntactic));
    runs.all.push(child('audit', target, rules.all));
    runs.tsc.push(tsc(tsconfig));
  }
  const summary = (list) => {
    const wallMs = list[0].wallMs === undefined ? undefined : Math.round(median(list.map((r) => r.wallMs)));
    const processMs = Math.round(median(list.map((r) => r.processMs)));
    const files = list[0].files;
    return {
      ...(wallMs !== undefined ? { wallMs } : {}),
      processMs,
      ...(files !== undefined && wallMs ? { filesPerSecond: Math.round((files * 1000) / wallMs) } : {}),
      ...(list[0].peakRssMb !== undefined ? { peakRssMb: Math.round(median(list.map((r) => r.peakRssMb))) } : {}),
    };
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
      allOverFloorWall: ratio(all.wallMs, floor.wallMs),
      syntacticOverFloorRss: ratio(syntactic.peakRssMb, floor.peakRssMb),
      allOverFloorRss: ratio(all.peakRssMb, floor.peakRssMb),
      allOverTscProcess: ratio(all.processMs, tscRun.processMs),
    },
    targets: {
      syntacticWithin1_5xFloor: syntactic.wallMs <= 1.5 * floor.wallMs,
      allWithinTsc: all.processMs <= tscRun.processMs,
    },
  };
}

try {
  const rules = { all: path.join(repo, 'rules'), syntactic: path.join(work, 'rules-syntactic') };
  const counts = syntacticRules(rules.syntactic);
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
      compilerOptions: { target: 'ES2023', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [path.join(repo, 'node_modules/@types')] },
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
