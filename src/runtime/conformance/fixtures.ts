import type { McpJsonRpcServer } from '../server.js';
import { registerFixturePrompts, registerFixtureResources } from './fixture-content.js';
import { registerFixtureTools, registerStatelessDiagnosticTools } from './fixture-tools.js';

/** Registers every tool, resource and prompt the official conformance suite expects (`safeguard serve --conformance`). */
export function registerConformanceFixtures(server: McpJsonRpcServer): void {
  registerFixtureTools(server.registry);
  registerStatelessDiagnosticTools(server.registry, server.prompts);
  registerFixtureResources(server.resources);
  registerFixturePrompts(server.prompts);
}
