import { loadProjectDependencies, type LockfileCache, type ProjectDependencies } from '../packages/index.js';
import type { Diagnostic } from '../scorecard.js';
import type { DependencyLookup } from './credit.js';

/** The dependencies of the audited packages, together: a framework any of them depends on is one the server uses. */
export class AuditedDependencies implements DependencyLookup {
  constructor(private readonly packages: readonly ProjectDependencies[]) {}

  versionIn(name: string, range: string): string | undefined {
    for (const dependencies of this.packages) {
      if (!dependencies.satisfies(name, range)) continue;
      const version = dependencies.versionOf(name);
      return version?.resolved ?? version?.declared;
    }
    return undefined;
  }
}

/** Reads the dependencies of the given package folders; problems reading them become diagnostics. */
export function auditedDependencies(
  packageDirs: readonly string[],
  root: string,
  diagnostics: Diagnostic[],
): AuditedDependencies {
  // One lockfile serves every package of a workspace: read it once.
  const lockfiles: LockfileCache = new Map();
  const packages = packageDirs.map((dir) => loadProjectDependencies(dir, { root, lockfiles }));
  for (const dependencies of packages) diagnostics.push(...dependencies.diagnostics);
  return new AuditedDependencies(packages);
}
