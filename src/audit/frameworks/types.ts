import type { Matcher } from '../matchers/types.js';

/**
 * One thing a framework does for every server built on it, from a version on: "McpServer negotiates the protocol
 * version during initialize" satisfies `protocol-version-negotiated` wherever the server constructs an McpServer.
 */
export interface FrameworkFact {
  framework: string; // id of the framework file, e.g. mcp-sdk-v1
  title: string; // the framework's name as people know it
  package: string; // the npm package that must be a dependency of the audited project
  versions: string; // semver range of that package for which the fact holds
  safeguard: string; // the safeguard id it satisfies
  because: string; // one sentence: what the framework does
  where: Matcher; // where the server uses the framework (the evidence line)
  file: string; // the framework file, as shown in messages
}
