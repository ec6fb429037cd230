// What matchers and the evaluation need from frameworks, apart from the framework facts themselves (types.ts), which
// hold matchers: the matchers' layer imports this file, and types.ts imports the matchers.

/** What a satisfied safeguard cites when a framework provides it. */
export interface FrameworkCredit {
  framework: string;
  title: string;
  package: string;
  version: string; // the installed version, or the declared range when no lockfile says
  because: string;
}

/** The audited project's dependencies, as framework facts ask about them. */
export interface DependencyLookup {
  /** The installed version (or declared range) of `name` when some audited package depends on it in `range`. */
  versionIn(name: string, range: string): string | undefined;
}
