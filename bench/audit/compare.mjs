// `node bench/audit/compare.mjs --against REV [--reps N] [--target DIR]...`: is this checkout's audit slower than
// revision REV's? The floor ratio of bench/audit/index.mjs moves with the machine's load between runs; this answers the
// question in one run. REV is checked out into a temporary git worktree (node_modules shared) and built; then, for each
// target, the floor, REV's audit and ours run interleaved in fresh processes, --reps times, each with its own bundled
// rules and with their syntactic part (bench/audit/syntactic-rules.mjs), as bench/audit/index.mjs measures them.
// Targets: the generated ~100k-line corpus (the same files for both), this checkout's src/runtime, REV's src/runtime,
// and each --target DIR. Prints JSON: median CPU and wall ms per variant, each over the floor, and ours over REV's
// (CPU time is the steadier measure on a shared machine). Needs git and node_modules installed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus } from './corpus.mjs';
import { syntacticRules } from './syntactic-rules.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    against: { type: 'string' },
    reps: { type: 'string', default: '5' },
    target: { type: 'string', multiple: true, default: [] },
  },
});
if (!values.against) {
  process.stderr.write('usage: node bench/audit/compare.mjs --against REV [--reps N] [--target DIR]...\n');
  process.exit(2);
}
const reps = Number(values.reps);
const work = mkdtempSync(path.join(os.tmpdir(), 'safeguard-bench-compare-'));
const other = path.join(work, 'against');

const git = (...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();

function measure(phase, target, rules, lib) {
  const args = [path.join(repo, 'bench/audit/measure.mjs'), phase, target, rules ?? '', lib ?? ''];
  const out = execFileSync(process.execPath, args, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop());
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const ratio = (a, b) => Math.round((a / b) * 100) / 100;

function compare(label, target, variants) {
  const runs = { floor: [], ...Object.fromEntries(variants.map((v) => [v.name, []])) };
  for (let r = 0; r < reps; r++) {
    runs.floor.push(measure('floor', target));
    for (const v of variants) runs[v.name].push(measure('audit', target, v.rules, v.lib));
  }
  const summary = (list) => ({
    cpuMs: Math.round(median(list.map((x) => x.cpuMs))),
    wallMs: Math.round(median(list.map((x) => x.wallMs))),
  });
  const floor = summary(runs.floor);
  const result = { target: label, floor };
  for (const v of variants) {
    const s = summary(runs[v.name]);
    result[v.name] = {
      ...s,
      overFloorCpu: ratio(s.cpuMs, floor.cpuMs),
      overFloorWall: ratio(s.wallMs, floor.wallMs),
    };
  }
  for (const kind of ['all', 'syntactic']) {
    const [theirs, ours] = [result[`against-${kind}`], result[`ours-${kind}`]];
    result[`${kind}OursOverAgainstCpu`] = ratio(ours.cpuMs, theirs.cpuMs);
    result[`${kind}OursOverAgainstWall`] = ratio(ours.wallMs, theirs.wallMs);
  }
  return result;
}

try {
  const commit = git('rev-parse', '--verify', `${values.against}^{commit}`);
  git('worktree', 'add', '--detach', other, commit);
  symlinkSync(path.join(repo, 'node_modules'), path.join(other, 'node_modules'));
  execFileSync('npm', ['run', 'build'], { cwd: other, stdio: ['ignore', 'ignore', 'inherit'] });
  const corpus = path.join(work, 'corpus');
  generateCorpus(corpus);
  const variants = [];
  for (const [name, root] of [
    ['against', other],
    ['ours', repo],
  ]) {
    const syntactic = path.join(work, `${name}-rules-syntactic`);
    await syntacticRules(path.join(root, 'rules'), syntactic, path.join(root, 'lib'));
    variants.push({ name: `${name}-all`, lib: path.join(root, 'lib'), rules: path.join(root, 'rules') });
    variants.push({ name: `${name}-syntactic`, lib: path.join(root, 'lib'), rules: syntactic });
  }
  const targets = [
    ['synthetic-corpus', corpus],
    ['src/runtime (ours)', path.join(repo, 'src/runtime')],
    ['src/runtime (against)', path.join(other, 'src/runtime')],
    ...values.target.map((dir) => [dir, path.resolve(dir)]),
  ];
  const report = {
    benchmark: 'audit-compare',
    node: process.version,
    reps,
    against: { revision: values.against, commit },
    ours: { commit: git('rev-parse', 'HEAD'), uncommittedChanges: git('status', '--porcelain').length > 0 },
    results: targets
      .filter(([, dir]) => existsSync(dir))
      .map(([label, dir]) => compare(label, dir, variants)),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  if (existsSync(other)) git('worktree', 'remove', '--force', other);
  rmSync(work, { recursive: true, force: true });
}
