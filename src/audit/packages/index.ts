/**
 * The audited project's packages: their manifests, the versions their lockfiles installed, the workspace they form,
 * and which of them are MCP servers.
 */
export {
  DEPENDENCY_KINDS,
  MAX_MANIFEST_BYTES,
  parseManifest,
  readManifest,
  type DependencyKind,
  type ManifestReading,
  type PackageManifest,
} from './manifest.js';
export {
  LOCKFILE_NAMES,
  MAX_LOCKFILE_BYTES,
  findLockfile,
  installedVersion,
  readLockfile,
  resolvedVersions,
  type Lockfile,
  type LockfileCache,
  type LockfileName,
  type LockfileOptions,
  type LockfileReading,
} from './lockfile.js';
export {
  ProjectDependencies,
  loadProjectDependencies,
  type DependencyOptions,
  type DependencyVersion,
} from './dependencies.js';
export {
  MAX_PACKAGES,
  NESTED_SCAN_DEPTH,
  WORKSPACE_GLOB_DEPTH,
  discoverPackages,
  type DiscoveredPackages,
  type DiscoveryOptions,
  type WorkspacePackage,
} from './workspaces.js';
export {
  CLIENT_FRAMEWORKS,
  CODE_SIGNALS,
  MCP_TOOLKITS,
  NON_PRODUCTION_PATH,
  SERVER_FRAMEWORKS,
  classifyPackage,
  isNonProduction,
  type CodeSignal,
  type PackageClassification,
  type PackageKind,
  type PackageSource,
} from './server-detection.js';
