import type { ClientRequests } from '../protocol/client-requests.js';
import type { PromptRegistry } from '../prompts/prompt-registry.js';
import type { McpToolRegistry } from '../tools/tool-registry.js';
import type { ResourceRegistry } from '../resources/resource-registry.js';
import type { SessionStore } from '../session/session.js';
import type { AccessPolicy } from '../pipeline/stage.js';
import type { ResolvedMethod } from '../pipeline/mcp-request-context.js';
import type { RequestStateSealer } from '../protocol/request-state-sealer.js';
import type { InFlightRequests } from '../pipeline/stages/track-request.js';
import type { SubscriptionHub } from '../protocol/subscriptions.js';

/** Which protocol era a method belongs to. */
export type Era = 'session' | 'stateless' | 'both';

/** How the runtime serves one MCP method: its handler and params (ResolvedMethod), era and capability. */
export interface MethodSpec extends ResolvedMethod {
  era: Era;
  /** The server capability the method needs; without it the method is -32601. */
  capability?: 'tools' | 'resources' | 'prompts' | 'completions' | 'logging';
}

/** What method handlers may use. */
export interface MethodEnv {
  readonly serverInfo: { name: string; version: string };
  readonly instructions?: string;
  readonly pageSize: number;
  readonly tools: McpToolRegistry;
  readonly resources: ResourceRegistry;
  readonly prompts: PromptRegistry;
  readonly sessions: SessionStore;
  readonly clientRequests: ClientRequests;
  /** Who may see and use which items: the security stages, or tenant scope alone without them. */
  readonly access: AccessPolicy;
  readonly requestState: RequestStateSealer;
  readonly inFlight: InFlightRequests;
  readonly subscriptions: SubscriptionHub;
  /** The capabilities the server advertises (derived from what is registered). */
  capabilities(): Record<string, Record<string, unknown>>;
}
