import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AuditInputError } from '../../audit/errors.js';
import type { ScopeFlags } from '../../audit/project/options.js';
import { displayPath } from '../../audit/rules/load.js';

/**
 * `safeguard audit --list-files`: prints the files an audit of `target` would read, one per line, then a blank line
 * and the files it leaves out as `path  (reason)`; a count and any notices go to stderr. Loads no rules and writes
 * no report, so that the scope can be checked (and tuned with --include / --exclude) before an audit. Returns 0.
 */
export async function listFiles(
  target: string,
  configPath: string | undefined,
  flags: ScopeFlags,
): Promise<number> {
  // Loaded on use, like the audit itself: the project loader pulls in the TypeScript compiler.
  const { loadConfig } = await import('../../audit/config.js');
  const { loadProject } = await import('../../audit/project/load.js');
  const { loadOptions } = await import('../../audit/project/options.js');
  const absolute = path.resolve(target);
  if (!existsSync(absolute))
    throw new AuditInputError(`target path does not exist: ${displayPath(absolute)}`);
  const config = loadConfig(statSync(absolute).isDirectory() ? absolute : path.dirname(absolute), configPath);
  const project = await loadProject(absolute, loadOptions(config.values, flags));

  const lines = project.files.map((f) => f.path);
  if (project.excluded.length > 0) lines.push('', ...project.excluded.map((e) => `${e.path}  (${e.reason})`));
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);

  const perReason = new Map<string, number>();
  for (const { reason } of project.excluded) perReason.set(reason, (perReason.get(reason) ?? 0) + 1);
  const counts = [...perReason].map(([reason, n]) => `${reason} ${n}`).join(', ');
  for (const d of project.diagnostics) {
    process.stderr.write(`${d.severity}: ${d.file ? `${d.file}: ` : ''}${d.code}: ${d.message}\n`);
  }
  process.stderr.write(
    `${project.files.length} files to audit, ${project.excluded.length} left out${counts ? ` (${counts})` : ''}\n`,
  );
  return 0;
}
