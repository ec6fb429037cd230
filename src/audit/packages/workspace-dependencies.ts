import { existsSync } from 'node:fs';
import path from 'node:path';
import { readManifest } from './manifest.js';
import { discoverPackages, type DiscoveredPackages } from './workspaces.js';

/** The package that holds `dir`: the nearest package.json at or above it, not above the enclosing git checkout. */
export function owningPackageDir(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'package.json'))) return at;
    if (existsSync(path.join(at, '.git')) || path.dirname(at) === at) return undefined;
  }
}

// The workspace that `packageDir` belongs to: the nearest folder above it whose package.json names workspaces or
// that holds a pnpm-workspace.yaml; undefined when the package stands alone.
function workspaceRootOf(packageDir: string): string | undefined {
  for (let at = path.dirname(packageDir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'pnpm-workspace.yaml'))) return at;
    if (readManifest(at).manifest?.workspaces?.length) return at;
    if (existsSync(path.join(at, '.git')) || path.dirname(at) === at) return undefined;
  }
}

/** Workspace discoveries by workspace root, so that judging many packages of one workspace globs it once. */
export type WorkspaceDiscoveries = Map<string, Promise<DiscoveredPackages>>;

/**
 * A server is often split across a workspace: the published package holds the entry point, sibling packages hold
 * the tools, the transport and the logger. The audit of the package includes the sibling packages it depends on
 * (by name, transitively), since their code runs as part of the server.
 */
export async function workspaceDependenciesOf(
  packageDir: string,
  discoveries: WorkspaceDiscoveries = new Map(),
): Promise<string[]> {
  const workspace = workspaceRootOf(packageDir);
  if (!workspace) return [];
  let discovery = discoveries.get(workspace);
  if (!discovery) {
    discovery = discoverPackages(workspace);
    discoveries.set(workspace, discovery);
  }
  const discovered = await discovery;
  const byName = new Map(discovered.packages.map((p) => [p.name, path.resolve(workspace, p.dir)]));
  const own = path.resolve(packageDir);
  const seen = new Set<string>([own]);
  const queue = [own];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    const names = Object.keys(readManifest(dir).manifest?.dependencies ?? {}).sort();
    for (const name of names) {
      const sibling = byName.get(name);
      if (sibling === undefined || seen.has(sibling)) continue;
      seen.add(sibling);
      queue.push(sibling);
    }
  }
  seen.delete(own);
  return [...seen].sort(); // absolute; never the package itself
}
