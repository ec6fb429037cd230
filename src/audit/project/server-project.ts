import path from 'node:path';
import { loadProject, type LoadedProject, type LoadOptions } from './load.js';

/** `to` relative to `from`, `/`-separated, `.` for the same folder. */
export function relativeTo(from: string, to: string): string {
  const relative = path.relative(from, to).split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}

/**
 * The sources of one MCP server: its package folder, then each workspace package it depends on, read with the same
 * scope. Files of a workspace dependency keep paths relative to the server's folder (`../core/src/tools.ts`), so
 * that evidence and reports point at them the way a reader of the server would reach them.
 */
export async function loadServerProject(
  dir: string,
  workspaceDependencies: readonly string[],
  options: LoadOptions,
): Promise<LoadedProject> {
  const project = await loadProject(dir, options);
  for (const part of workspaceDependencies) {
    const prefix = relativeTo(project.root, part);
    const loaded = await loadProject(part, options);
    const shown = (file: string): string => `${prefix}/${file}`;
    project.files.push(...loaded.files.map((f) => ({ ...f, path: shown(f.path) })));
    project.excluded.push(...loaded.excluded.map((e) => ({ ...e, path: shown(e.path) })));
    project.diagnostics.push(...loaded.diagnostics.map((d) => (d.file ? { ...d, file: shown(d.file) } : d)));
  }
  return project;
}
