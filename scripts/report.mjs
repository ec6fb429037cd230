// `npm run report`: the repository's own stakeholder reports in reports/, from measurements only.
//   1. runs the whole test suite with V8 coverage and stores reports/coverage-summary.json (paths made relative);
//   2. runs bench/runtime and bench/audit, when they exist, with `--out reports/bench-<name>.json`;
//   3. audits src/runtime and renders audit.json, IMPLEMENTATION_SUMMARY.md (with the coverage and performance
//      tables), audit.sarif and badge.svg into reports/.
// `node scripts/report.mjs --render` skips 1 and 2 and renders from the measurement files already in reports/, so the
// committed reports can be regenerated (and checked in CI) without re-measuring.
// Expects lib/ to be built (`npm run report` builds first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const REPORTS = 'reports';
const COVERAGE = path.join(REPORTS, 'coverage-summary.json');
const BENCHES = ['runtime', 'audit'];
const CLI = 'lib/cli/index.js';

const { values } = parseArgs({ options: { render: { type: 'boolean', default: false } } });

if (!existsSync(CLI)) fail(`${CLI} is missing: run npm run build first`);
mkdirSync(REPORTS, { recursive: true });
if (!values.render) {
  measureCoverage();
  for (const name of BENCHES) runBench(name);
}
render();

/** Run vitest with coverage into a temp folder, then keep its summary with repository-relative keys. */
function measureCoverage() {
  const dir = mkdtempSync(path.join(tmpdir(), 'safeguard-coverage-'));
  step('tests with coverage', process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--coverage.enabled',
    '--coverage.reporter=json-summary',
    `--coverage.reportsDirectory=${dir}`,
  ]);
  const summary = JSON.parse(readFileSync(path.join(dir, 'coverage-summary.json'), 'utf8'));
  const root = process.cwd();
  const relative = {};
  for (const [key, value] of Object.entries(summary)) {
    // Reports never carry absolute paths: Vitest writes them, we store them relative to the repository root.
    relative[key === 'total' ? key : path.relative(root, key).split(path.sep).join('/')] = value;
  }
  writeFileSync(COVERAGE, `${JSON.stringify(relative, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
}

function runBench(name) {
  const script = `bench/${name}/index.mjs`;
  if (!existsSync(script)) {
    console.error(`report: ${script} does not exist; no ${name} benchmark in the summary`);
    return;
  }
  step(`bench ${name}`, process.execPath, [script, '--out', path.join(REPORTS, `bench-${name}.json`)]);
}

/** Audit src/runtime and render every format with whatever measurements reports/ holds. */
function render() {
  // The real gate (capability mode): a failing gate (exit 1) still renders every report, then fails the script.
  const gate = step(
    'audit of src/runtime',
    process.execPath,
    [CLI, 'audit', 'src/runtime', '--out', REPORTS, '--format', 'json'],
    [0, 1],
  );
  const extras = [];
  if (existsSync(COVERAGE)) extras.push('--coverage', COVERAGE);
  for (const name of BENCHES) {
    const file = path.join(REPORTS, `bench-${name}.json`);
    if (existsSync(file)) extras.push('--bench', file);
  }
  step('render reports', process.execPath, [
    CLI,
    'report',
    path.join(REPORTS, 'audit.json'),
    '--format',
    'md,sarif',
    '--out',
    REPORTS,
    '--root',
    'src/runtime',
    '--docs-url',
    '../',
    '--badge',
    ...extras,
  ]);
  if (gate !== 0) fail('the audit gate failed: a capability of src/runtime is below its threshold');
}

function step(name, command, args, acceptedStatuses = [0]) {
  console.error(`report: ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (!acceptedStatuses.includes(result.status))
    fail(`${name} failed (exit ${result.status ?? result.signal})`);
  return result.status;
}

function fail(message) {
  console.error(`report: ${message}`);
  process.exit(1);
}
