import { statSync } from 'node:fs';
import path from 'node:path';
import { AuditInputError } from './errors.js';
import {
  classifyPackage,
  discoverPackages,
  loadProjectDependencies,
  type PackageClassification,
} from './packages/index.js';
import { owningPackageDir } from './packages/workspace-dependencies.js';
import type { Diagnostic } from './scorecard.js';

/** A package of the target that is an MCP server, with why the audit thinks so. */
export interface ServerPackage {
  name: string;
  dir: string; // absolute
  relative: string; // to the target, `/`-separated, '.' for the target itself
  reasons: string[];
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
    return { servers: [{ name: path.basename(root), dir: root, relative: '.', reasons: [] }], looked: [], diagnostics: [] };
  }
  const discovered = await discoverPackages(root);
  const diagnostics = [...discovered.diagnostics];
  const looked: ServerSearch['looked'] = [];
  const servers: ServerPackage[] = [];
  for (const pkg of discovered.packages) {
    const dir = path.resolve(root, pkg.dir);
    const dependencies = loadProjectDependencies(dir, { root });
    const classification = classifyPackage(dir, dependencies);
    looked.push({ name: pkg.name, relative: pkg.dir, classification });
    if (classification.kind === 'server') {
      servers.push({ name: pkg.name, dir, relative: pkg.dir, reasons: classification.reasons });
    }
  }
  // A folder inside a package (say src/server) is judged by its own files, with its package's dependencies.
  if (!discovered.packages.some((p) => p.dir === '.')) {
    const owner = owningPackageDir(root);
    const dependencies = loadProjectDependencies(owner ?? root, { root });
    const classification = classifyPackage(root, dependencies);
    looked.unshift({ name: path.basename(root), relative: '.', classification });
    if (classification.kind === 'server') {
      servers.unshift({ name: path.basename(root), dir: root, relative: '.', reasons: classification.reasons });
    }
  }
  // The target's own package is the server when it is one; its workspace members are then audited as its parts.
  const own = servers.find((s) => s.relative === '.');
  let chosen = own && only === undefined ? [own] : servers;
  if (only !== undefined) {
    chosen = servers.filter((s) => s.name === only || s.relative === only);
    if (chosen.length === 0) {
      const known = servers.map((s) => `${s.name} (${s.relative})`).join(', ') || 'none';
      throw new AuditInputError(`--package ${only}: no MCP server package of that name or folder; servers found: ${known}`);
    }
  }
  return { servers: chosen, looked, diagnostics };
}
