// `npm run conformance`: runs the official MCP conformance suite against `safeguard serve --conformance`.
// Two suite lines: 0.1.x (default active scenarios, session era) and 0.2.x with `--requirements 2026-07-28`.
// Each run is compared with its checked-in expected-failures baseline in conformance/ (every entry carries its
// reason as a comment); an unexpected failure, or a baseline entry that now passes, fails the run.
// Results go to .conformance/ (ignored by git): the suite's per-scenario checks, its log, and summary.json.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { conformanceRunner, node22 } from './conformance-runner.mjs';

// ANSI colour codes in the suite's output.
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.conformance');
const runs = [
  {
    line: '0.1',
    suite: 'conformance-0-1',
    args: [],
    baseline: 'conformance/expected-failures-0.1.yaml',
  },
  {
    line: '0.2',
    suite: 'conformance-0-2',
    args: ['--requirements', '2026-07-28'],
    baseline: 'conformance/expected-failures-0.2.yaml',
  },
];

const runnerDir = conformanceRunner();
const node = node22(runnerDir);

/** Starts the runtime on a free loopback port and resolves with its endpoint URL. */
function startServer() {
  const cli = join(root, 'lib/cli/index.js');
  if (!existsSync(cli)) throw new Error('lib/cli/index.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [cli, 'serve', '--http', '127.0.0.1:0', '--conformance'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const url = /MCP endpoint (\S+)/.exec(stderr)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`safeguard serve exited (${code}): ${stderr}`)));
  });
}

// Reads the suite's "✓ scenario: n passed, m failed" summary lines.
function parseSummary(text) {
  const plain = text.replace(ansi, '');
  const scenarios = [];
  for (const match of plain.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed/gm)) {
    scenarios.push({
      scenario: match[2],
      ok: match[1] === '✓',
      passed: Number(match[3]),
      failed: Number(match[4]),
    });
  }
  return scenarios;
}

// The scenarios a spec revision requires (scored); undefined means every scenario the run executes counts.
function requiredScenarios(run) {
  const at = run.args.indexOf('--requirements');
  if (at === -1) return undefined;
  const listed = spawnSync(
    node,
    [
      join(runnerDir, 'node_modules', run.suite, 'dist', 'index.js'),
      'list',
      '--server',
      '--requirements',
      run.args[at + 1],
    ],
    {
      encoding: 'utf8',
    },
  );
  const section = listed.stdout.split(/Server scenarios[^\n]*\n/)[1]?.split(/\n\s*\n/)[0] ?? '';
  return [...section.matchAll(/^\s+- (\S+)/gm)].map((m) => m[1]);
}

function runSuite(run, url) {
  const dir = join(outDir, run.line);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = [
    join(runnerDir, 'node_modules', run.suite, 'dist', 'index.js'),
    'server',
    '--url',
    url,
    '-o',
    dir,
    '--expected-failures',
    join(root, run.baseline),
    ...run.args,
  ];
  const log = createWriteStream(join(outDir, `${run.line}.log`));
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        text += chunk;
        log.write(chunk);
      });
    }
    child.once('exit', (code) => {
      log.end();
      resolve({
        exitCode: code ?? 1,
        scenarios: parseSummary(text),
        tail: text.replace(ansi, '').split('\n').slice(-25).join('\n'),
      });
    });
  });
}

// The suite checks its baseline only for scored scenarios; we hold every scenario it runs to the baseline.
function baselineScenarios(path) {
  const entries = parseYaml(readFileSync(join(root, path), 'utf8'))?.server ?? [];
  return new Set(entries.map((entry) => String(entry).split(':')[0]));
}

mkdirSync(outDir, { recursive: true });
const { child, url } = await startServer();
const summary = {};
let failed = false;
try {
  for (const run of runs) {
    process.stdout.write(`conformance ${run.line} ${run.args.join(' ')} against ${url}\n`);
    const result = await runSuite(run, url);
    const required = requiredScenarios(run);
    const scored = required
      ? result.scenarios.filter((s) => required.includes(s.scenario))
      : result.scenarios;
    const expected = baselineScenarios(run.baseline);
    const unexpected = result.scenarios
      .filter((s) => !s.ok && !expected.has(s.scenario))
      .map((s) => s.scenario);
    const stale = result.scenarios.filter((s) => s.ok && expected.has(s.scenario)).map((s) => s.scenario);
    const ok =
      result.exitCode === 0 && unexpected.length === 0 && stale.length === 0 && result.scenarios.length > 0;
    summary[run.line] = {
      suite: run.suite,
      args: run.args,
      baselineCheck: ok ? 'passed' : 'failed',
      unexpectedFailures: unexpected,
      staleBaselineEntries: stale,
      scored: scored.length,
      scoredPassing: scored.filter((s) => s.ok).length,
      failingScored: scored.filter((s) => !s.ok).map((s) => s.scenario),
      failingUnscored: result.scenarios.filter((s) => !s.ok && !scored.includes(s)).map((s) => s.scenario),
    };
    process.stdout.write(
      `  ${summary[run.line].scoredPassing}/${scored.length} scored scenarios pass; baseline check ${ok ? 'passed' : 'FAILED'}\n`,
    );
    if (!ok) {
      failed = true;
      process.stdout.write(`${result.tail}\n`);
    }
  }
} finally {
  child.kill('SIGTERM');
}
writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
process.exit(failed ? 1 : 0);
