import type { RequestContext } from '../pipeline/stage.js';
import type { SchemaSource } from '../schema/json-schema.js';
import type { AskClient } from '../protocol/client-input.js';
import type { LogLevel } from '../protocol/logging.js';

/** What a tool handler receives besides its arguments. */
export interface ToolCallExtra {
  /** The request travelling through the pipeline (principal, tenant, session, protocol version). */
  ctx: RequestContext;
  /** Aborted when the client cancels, disconnects, or the server shuts down. */
  signal: AbortSignal;
  /** Sends `notifications/progress` when the client asked for progress (no-op otherwise). */
  reportProgress(progress: number, total?: number, message?: string): Promise<void>;
  /** Sends `notifications/message` at or above the client's log level. */
  log(level: LogLevel, data: unknown, logger?: string): Promise<void>;
  /** Sends a request to the client (sampling, elicitation, roots) and waits for its result. */
  requestClient(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  /**
   * Asks the client for several inputs at once, keyed by names the tool chooses. In the stateless era this answers
   * from the client's `inputResponses` or ends the round with an input-required result.
   */
  ask: AskClient;
  /** True when the call carried back a requestState that passed its integrity check (stateless era). */
  resumed: boolean;
  /** Capabilities the client declared (initialize, or per-request `_meta` in the stateless era). */
  clientCapabilities: Record<string, unknown>;
}

/** Content blocks a tool may return (text, image, audio, resource links and embedded resources). */
export type ContentBlock = Record<string, unknown> & { type: string };

/** A `tools/call` result. */
export interface CallToolResult {
  content: ContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
}

/**
 * A tool handler. It may return a full CallToolResult, a string (becomes text content) or any JSON value (becomes
 * text content plus structuredContent when it is an object), so `handler: (x) => \`Result: ${x}\`` works.
 */
// Arguments arrive as validated JSON; handlers narrow them (with the schema they declared) themselves.
export type ToolHandler = (args: Record<string, unknown>, extra: ToolCallExtra) => unknown;

/** What `registerTool` accepts. */
export interface ToolDefinition {
  name: string;
  handler: ToolHandler;
  title?: string;
  description?: string;
  /** JSON Schema 2020-12 or zod; defaults to an object with any properties. */
  inputSchema?: SchemaSource;
  outputSchema?: SchemaSource;
  annotations?: Record<string, unknown>;
  /** Free-form metadata kept with the tool (e.g. `metadata: { version }`); not sent to clients. */
  metadata?: Record<string, unknown>;
  /** Tenant-scoped tools are visible and callable only inside that tenant. */
  tenant?: string;
  /** Permission needed to call it (authorization decides; default `execute`). */
  permission?: string;
  /** Extra `_meta` for the tool listing. */
  _meta?: Record<string, unknown>;
  /** Disabled tools are neither listed nor callable. */
  enabled?: boolean;
  /**
   * Longest a call may run, in ms, before it is answered with an `isError` result and its `signal` is aborted
   * (default: the registry's, 60 000; 0: no limit). Only handlers that return a promise are timed.
   */
  timeoutMs?: number;
}
