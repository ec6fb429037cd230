/** Logs `tool_registered` / `tool_removed` as a registry's tool list changes (the registry knows nothing of logs). */
import type { ToolAccessFacts } from '../authz/access-facts.js';
import type { SecurityEvents } from './events.js';

/** What we need from a registry (McpToolRegistry fits). */
export interface ObservableToolList {
  listTools(): readonly ToolAccessFacts[];
  onListChanged(listener: () => void): () => void;
}

/** Logs the tools present now, then every addition and removal; returns the unsubscribe function. */
export function logToolRegistrations(registry: ObservableToolList, events: SecurityEvents): () => void {
  let known = new Map<string, ToolAccessFacts>();
  const sync = () => {
    const now = new Map(registry.listTools().map((tool) => [tool.name, tool]));
    for (const [name, tool] of now) if (!known.has(name)) events.toolRegistered(tool);
    for (const name of known.keys()) if (!now.has(name)) events.toolRemoved(name);
    known = now;
  };
  sync();
  return registry.onListChanged(sync);
}
