import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Scorecard } from '../../audit/scorecard.js';

/**
 * The folder a scorecard's evidence paths are relative to, as a path from the working directory (`/`-separated,
 * `.` for the working directory itself), so that a terminal can open `file:line` as printed. The scorecard's
 * `root` places it in the git checkout around the target; outside a checkout it is the audited server's folder.
 */
export function auditedFolder(target: string, scorecard: Scorecard): string {
  const targetDir = statSync(target, { throwIfNoEntry: false })?.isFile()
    ? path.dirname(path.resolve(target))
    : path.resolve(target);
  const checkout = scorecard.root === undefined ? undefined : enclosingCheckout(targetDir);
  const folder =
    checkout !== undefined
      ? path.join(checkout, scorecard.root!)
      : path.join(targetDir, scorecard.server?.folder ?? '.');
  const relative = path.relative(process.cwd(), folder);
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}

function enclosingCheckout(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}
