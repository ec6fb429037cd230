import path from 'node:path';
import semver from 'semver';
import type { Diagnostic } from '../scorecard.js';
import { resolvedVersions, type LockfileCache } from './lockfile.js';
import { readManifest, shownPath, type DependencyKind, type PackageManifest } from './manifest.js';

/** What the audit knows about one dependency of a package. */
export interface DependencyVersion {
  declared?: string; // the range in package.json
  resolved?: string; // the installed version, from the lockfile
  source: 'lockfile' | 'package.json'; // where the version that counts came from
  kind?: DependencyKind; // the package.json group that declared it
}

// Any version, prerelease or not, may meet a range: a fact like "sdk >= 1.17" holds for 2.0.0-beta.1 too.
const RANGE_OPTIONS = { includePrerelease: true };

/** The dependencies of one package: declared ranges from its package.json, installed versions from its lockfile. */
export class ProjectDependencies {
  constructor(
    readonly dir: string, // absolute
    private readonly declared: Readonly<Record<string, string>>,
    private readonly kinds: Readonly<Record<string, DependencyKind>>,
    private readonly resolved: Readonly<Record<string, string>>,
    readonly lockfile: string | undefined, // as shown in diagnostics, when one was read
    readonly diagnostics: readonly Diagnostic[],
  ) {}

  /** The declared dependency names, sorted. */
  names(): string[] {
    return Object.keys(this.declared).sort();
  }

  /** Whether package.json declares `name` in any dependency group. */
  has(name: string): boolean {
    return Object.hasOwn(this.declared, name);
  }

  /** The declared range and installed version of `name`, or undefined when package.json does not declare it. */
  versionOf(name: string): DependencyVersion | undefined {
    if (!this.has(name)) return undefined;
    const declared = this.declared[name];
    const kind = this.kinds[name];
    const resolved = Object.hasOwn(this.resolved, name) ? this.resolved[name] : undefined;
    return resolved !== undefined
      ? { declared, resolved, source: 'lockfile', kind }
      : { declared, source: 'package.json', kind };
  }

  /**
   * Whether the dependency meets `range`. With an installed version, that version is tested. With only a declared
   * range, the lowest version the range admits (`semver.minVersion`) is tested: the one a fresh install could still
   * pick, so "^1.17.0" satisfies ">=1.17" but "^1.2.0" does not, even though 1.17 would match it too.
   * An unknown dependency, or a range that is not semver (git URLs, `workspace:*`, `catalog:`), is false.
   */
  satisfies(name: string, range: string): boolean {
    const version = this.versionOf(name);
    if (!version) return false;
    try {
      if (version.resolved) return semver.satisfies(version.resolved, range, RANGE_OPTIONS);
      const declared = version.declared && semverRange(version.declared);
      const lowest = declared ? semver.minVersion(declared) : null;
      return lowest !== null && semver.satisfies(lowest, range, RANGE_OPTIONS);
    } catch {
      return false; // semver throws on ranges it cannot read
    }
  }
}

// The semver part of a declared range: an npm alias "npm:x@^1.2.0" and pnpm/yarn's "workspace:^1.2.0" carry one.
function semverRange(declared: string): string | undefined {
  const range = declared.replace(/^npm:(@?[^@]+)@/, '').replace(/^workspace:/, '');
  return semver.validRange(range) ? range : undefined;
}

export interface DependencyOptions {
  root?: string; // the audited root, for the paths diagnostics show (default: `dir`)
  lockfiles?: LockfileCache; // share between the packages of one workspace
}

/**
 * Reads the dependencies of the package in `dir`: its package.json, then the nearest lockfile at or above it. A
 * broken lockfile leaves a diagnostic and the package.json ranges; a broken package.json leaves no dependencies.
 */
export function loadProjectDependencies(dir: string, options: DependencyOptions = {}): ProjectDependencies {
  const absolute = path.resolve(dir);
  const root = options.root ?? absolute;
  const { manifest, diagnostics } = readManifest(absolute, root);
  if (!manifest) return new ProjectDependencies(absolute, {}, {}, {}, undefined, diagnostics);
  return fromManifest(absolute, manifest, root, diagnostics, options.lockfiles);
}

function fromManifest(
  dir: string,
  manifest: PackageManifest,
  root: string,
  diagnostics: Diagnostic[],
  lockfiles: LockfileCache | undefined,
): ProjectDependencies {
  const found = resolvedVersions(dir, manifest.dependencies, { root, cache: lockfiles });
  const lockfile = found.lockfile ? shownPath(root, found.lockfile.file) : undefined;
  return new ProjectDependencies(
    dir,
    manifest.dependencies,
    manifest.dependencyKinds,
    found.versions,
    lockfile,
    [...diagnostics, ...found.diagnostics],
  );
}
