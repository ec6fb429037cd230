import { statSync } from 'node:fs';
import path from 'node:path';
import { AuditInputError } from './errors.js';
import {
  classifyPackage,
  discoverPackages,
  isNonProduction,
  loadProjectDependencies,
  type PackageClassification,
  type ProjectDependencies,
} from './packages/index.js';
import {
  owningPackageDir,
  workspaceDependenciesOf,
  type WorkspaceDiscoveries,
} from './packages/workspace-dependencies.js';
import type { Diagnostic } from './scorecard.js';

/** A package of the target that is an MCP server, with why the audit thinks so. */
export interface ServerPackage {
  name: string;
  dir: string; // absolute
  relative: string; // to the target, `/`-separated, '.' for the target itself
  reasons: string[];
  weak?: boolean; // a server by method names only (PackageClassification.weak)
}

/** What a target holds: the MCP server packages to audit, and every package looked at with its kind. */
export interface ServerSearch {
  servers: ServerPackage[];
  looked: { name: string; relative: string; classification: PackageClassification }[];
  diagnostics: Diagnostic[];
}

/**
 * Finds the MCP servers under a target folder: the target itself when its package is a server, else the workspace
 * packages (npm/yarn/pnpm workspaces, or nested package.json files) that are. `only` picks one package by name or
 * folder. A target that is a single file, or a folder without package.json anywhere below it, is audited as it is.
 */
export async function findServers(target: string, only?: string): Promise<ServerSearch> {
  const root = path.resolve(target);
  if (!statSync(root).isDirectory()) {
    const file = { name: path.basename(root), dir: root, relative: '.', reasons: [] };
    return { servers: [file], looked: [], diagnostics: [] };
  }
  const discovered = await discoverPackages(root);
  const diagnostics = [...discovered.diagnostics];
  const looked: ServerSearch['looked'] = [];
  const servers: ServerPackage[] = [];
  const discoveries: WorkspaceDiscoveries = new Map();
  const judge = async (
    name: string,
    dir: string,
    relative: string,
    dependencies: ProjectDependencies,
  ): Promise<void> => {
    const classification = await withWorkspaceParts(
      dir,
      classifyPackage(dir, dependencies),
      root,
      discoveries,
    );
    looked.push({ name, relative, classification });
    if (classification.kind !== 'server') return;
    servers.push({
      name,
      dir,
      relative,
      reasons: classification.reasons,
      weak: classification.weak === true,
    });
  };
  // A folder inside a package (say src/server) is judged by its own files, with its package's dependencies.
  if (!discovered.packages.some((p) => p.dir === '.')) {
    const owner = owningPackageDir(root);
    await judge(path.basename(root), root, '.', loadProjectDependencies(owner ?? root, { root }));
  }
  for (const pkg of discovered.packages) {
    // Example, test and benchmark packages are not the server the repository ships (docs/scope.md).
    if (pkg.dir !== '.' && isNonProduction(`${pkg.dir}/`)) continue;
    const dir = path.resolve(root, pkg.dir);
    await judge(pkg.name, dir, pkg.dir, loadProjectDependencies(dir, { root }));
  }
  // Method names alone are ambiguous (a dispatcher, or a client's UI handling what it sent). In a workspace that
  // builds an SDK client and no server by any stronger sign, those packages are the client's parts.
  if (
    servers.length > 0 &&
    servers.every((s) => s.weak) &&
    looked.some((p) => p.classification.kind === 'client')
  ) {
    for (const entry of looked) {
      if (entry.classification.kind !== 'server') continue;
      entry.classification = {
        kind: 'client',
        reasons: ['only method names suggest a server, and this workspace builds an MCP client'],
      };
    }
    servers.length = 0;
  }
  // The target's own package is the server when it is one; its workspace members are then audited as its parts.
  const own = servers.find((s) => s.relative === '.');
  let chosen = own && only === undefined ? [own] : servers;
  if (only !== undefined) {
    chosen = servers.filter((s) => s.name === only || s.relative === only);
    if (chosen.length === 0) {
      const known = servers.map((s) => `${s.name} (${s.relative})`).join(', ') || 'none';
      throw new AuditInputError(
        `--package ${only}: no MCP server package of that name or folder; servers found: ${known}`,
      );
    }
  }
  return { servers: chosen, looked, diagnostics };
}

/**
 * A package whose own code builds no server may still be one when the workspace packages it depends on do the
 * building (an app on a shared `mcp-common`): it is then a server, and says through which package.
 */
async function withWorkspaceParts(
  dir: string,
  own: PackageClassification,
  root: string,
  discoveries: WorkspaceDiscoveries,
): Promise<PackageClassification> {
  if ((own.kind === 'server' && !own.weak) || own.kind === 'client') return own;
  const owner = owningPackageDir(dir);
  if (!owner) return own;
  for (const part of await workspaceDependenciesOf(owner, discoveries)) {
    const classification = classifyPackage(part, loadProjectDependencies(part, { root }));
    const shown = path.relative(root, part).split(path.sep).join('/');
    const through = (kind: 'server' | 'client'): PackageClassification => ({
      kind,
      reasons: classification.reasons.map((reason) => `through its workspace dependency ${shown}: ${reason}`),
    });
    // Method names in a package whose workspace dependency builds the SDK client: a client's UI or CLI.
    if (own.kind === 'server' && classification.kind === 'client') return through('client');
    if (own.kind !== 'server' && classification.kind === 'server') return through('server');
  }
  return own;
}
