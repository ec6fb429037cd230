import { existsSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import type { Diagnostic } from '../scorecard.js';

/**
 * The files the root tsconfig.json names, relative to the root; undefined when there is none, it cannot be read,
 * or it names nothing here (a solution-style config with only references). The audit uses it to narrow what it
 * reads, and lists what it leaves out as `outside-tsconfig` so that the narrowing is never silent.
 */
export function tsconfigFiles(root: string, diagnostics: Diagnostic[]): Set<string> | undefined {
  const configPath = path.join(root, 'tsconfig.json');
  if (!existsSync(configPath)) return undefined;
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) {
    diagnostics.push({
      severity: 'warning',
      code: 'tsconfig-error',
      message: `tsconfig.json could not be read (${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}); files found by glob instead`,
      file: 'tsconfig.json',
    });
    return undefined;
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, { allowJs: true }, configPath);
  const inside = parsed.fileNames
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .filter((f) => !f.startsWith('../') && !path.isAbsolute(f));
  return inside.length > 0 ? new Set(inside) : undefined;
}

/**
 * The notice that the tsconfig narrowed the audit: `leftOut` are production sources it does not name, `kept` the
 * production sources it does. A warning when it keeps fewer than half of them (the score then describes a small
 * corner of the server), else an info.
 */
export function tsconfigNarrowing(leftOut: readonly string[], kept: number): Diagnostic | undefined {
  if (leftOut.length === 0) return undefined;
  const total = leftOut.length + kept;
  const folders = [
    ...new Set(leftOut.map((f) => (f.includes('/') ? `${f.slice(0, f.indexOf('/'))}/**` : f))),
  ];
  const shown = folders.slice(0, 3).map((f) => `'${f}'`);
  return {
    severity: kept * 2 < total ? 'warning' : 'info',
    code: 'tsconfig-narrows-scope',
    message:
      `tsconfig.json leaves out ${leftOut.length} of ${total} production source files (listed as ` +
      `outside-tsconfig); to audit them too, add --include ${shown.join(' --include ')}` +
      `${folders.length > shown.length ? ' (and more)' : ''} or include: in safeguard.config.yaml`,
    file: 'tsconfig.json',
  };
}
