import { McpError, ToolError, ToolNotFoundError } from '../errors/mcp-error.js';
import type { RequestContext } from '../pipeline/stage.js';
import type { ToolAccessFacts } from '../authz/access-facts.js';
import { InputRequiredSignal } from '../protocol/client-input.js';
import { paramHeadersOf, type ParamHeader } from '../protocol/param-headers.js';
import { SchemaCompiler, type CompiledSchema, type JsonSchema } from '../schema/json-schema.js';
import type { CallToolResult, ToolCallExtra, ToolDefinition } from './tool.js';
import { toCallToolResult, toolError } from './tool-result.js';

/** A registered tool with its schemas compiled. */
export interface RegisteredTool extends ToolAccessFacts {
  readonly definition: ToolDefinition;
  readonly input: CompiledSchema;
  readonly output?: CompiledSchema;
  enabled: boolean;
  /** The entry `tools/list` returns, built once. */
  readonly listing: Record<string, unknown>;
  /** Arguments mirrored into `Mcp-Param-*` headers (2026-07-28 HTTP). */
  readonly paramHeaders: readonly ParamHeader[];
}

const anyObject: JsonSchema = { type: 'object' };

/** Called when a tool problem should be logged server-side (the client only sees a generic message). */
export type ToolFailureSink = (tool: string, error: unknown) => void;

/** A handler that did not settle within its time limit (reported to the failure sink, and the call's reason to abort). */
export class ToolTimeoutError extends Error {
  constructor(
    readonly tool: string,
    readonly timeoutMs: number,
  ) {
    super(`Tool ${tool} timed out after ${timeoutMs} ms`);
    this.name = 'ToolTimeoutError';
  }
}

export interface ToolRegistryOptions {
  /** Time limit for tools that declare none, in ms (default 60 000; 0: no limit). */
  defaultTimeoutMs?: number;
}

/** The default time limit of a tool call: long enough for real work, short enough that a hung call is noticed. */
export const DEFAULT_TOOL_TIMEOUT_MS = 60_000;

/**
 * The tool registry: register, list, get, execute, unregister, enable and disable tools. Schemas are compiled once
 * at registration; each call costs one map lookup and one validation.
 */
export class McpToolRegistry {
  private readonly tools = new Map<string, RegisteredTool>();
  private readonly listeners = new Set<() => void>();
  private readonly compiler = new SchemaCompiler();
  private sortedCache: RegisteredTool[] | undefined;
  private readonly defaultTimeoutMs: number;
  onToolFailure: ToolFailureSink = () => {};

  constructor(options: ToolRegistryOptions = {}) {
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  }

  /** Adds a tool; its name must be unique. Emits list-changed. */
  registerTool(definition: ToolDefinition): RegisteredTool {
    if (!definition.name || typeof definition.handler !== 'function') {
      throw new TypeError('registerTool needs a name and a handler');
    }
    if (this.tools.has(definition.name)) throw new Error(`Tool already registered: ${definition.name}`);
    const input = this.compiler.compile(definition.inputSchema ?? anyObject);
    const output = definition.outputSchema ? this.compiler.compile(definition.outputSchema) : undefined;
    const listing: Record<string, unknown> = { name: definition.name };
    if (definition.title) listing.title = definition.title;
    listing.description = definition.description ?? '';
    listing.inputSchema = input.json;
    if (output) listing.outputSchema = output.json;
    if (definition.annotations) listing.annotations = definition.annotations;
    if (definition._meta) listing._meta = definition._meta;
    const tool: RegisteredTool = {
      name: definition.name,
      tenant: definition.tenant,
      permission: definition.permission,
      definition,
      input,
      output,
      enabled: definition.enabled ?? true,
      listing,
      paramHeaders: paramHeadersOf(input.json),
    };
    this.tools.set(definition.name, tool);
    this.changed();
    return tool;
  }

  /** Removes a tool; returns whether it existed. Emits list-changed. */
  unregisterTool(name: string): boolean {
    const removed = this.tools.delete(name);
    if (removed) this.changed();
    return removed;
  }

  /** Enables or disables a tool without forgetting it. Emits list-changed when the state changes. */
  setEnabled(name: string, enabled: boolean): void {
    const tool = this.tools.get(name);
    if (!tool) throw new ToolNotFoundError(name);
    if (tool.enabled !== enabled) {
      tool.enabled = enabled;
      this.changed();
    }
  }

  enableTool(name: string): void {
    this.setEnabled(name, true);
  }

  disableTool(name: string): void {
    this.setEnabled(name, false);
  }

  /** Enabled tools, sorted by name (stable pagination). */
  listTools(): RegisteredTool[] {
    this.sortedCache ??= [...this.tools.values()]
      .filter((t) => t.enabled)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return this.sortedCache;
  }

  /** An enabled tool by name, or undefined. */
  getTool(name: string): RegisteredTool | undefined {
    const tool = this.tools.get(name);
    return tool?.enabled ? tool : undefined;
  }

  /** Subscribes to list changes; returns the unsubscribe function. */
  onListChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Validates the arguments and runs the tool. Unknown tools throw ToolNotFoundError (-32602); invalid arguments and
   * handler failures are `isError` results; McpErrors thrown by the handler (cancellation, auth) propagate.
   */
  async executeTool(
    name: string,
    args: unknown = {},
    extra?: Partial<ToolCallExtra>,
  ): Promise<CallToolResult> {
    const tool = this.getTool(name);
    if (!tool) throw new ToolNotFoundError(name);
    const input = args ?? {};
    const problems = tool.input.check(input);
    if (problems.length > 0) {
      return toolError(`Invalid arguments for tool ${name}: ${problems.join('; ')}`);
    }
    let result: CallToolResult;
    try {
      const returned = tool.definition.handler(input as Record<string, unknown>, completeExtra(extra));
      const timeoutMs = tool.definition.timeoutMs ?? this.defaultTimeoutMs;
      // Synchronous handlers cannot outlive the call: only a promise gets a timer.
      result = toCallToolResult(
        isThenable(returned) && timeoutMs > 0
          ? await withinTimeout(returned, new ToolTimeoutError(name, timeoutMs), extra?.ctx)
          : await returned,
      );
    } catch (error) {
      if (error instanceof McpError || error instanceof InputRequiredSignal) throw error;
      if (error instanceof ToolError) return toolError(error.message);
      this.onToolFailure(name, error);
      if (error instanceof ToolTimeoutError) return toolError(error.message);
      return toolError(`Tool ${name} failed`);
    }
    if (tool.output && !result.isError) {
      const outputProblems = tool.output.check(result.structuredContent);
      if (outputProblems.length > 0) {
        this.onToolFailure(name, new Error(`output schema: ${outputProblems.join('; ')}`));
        return toolError(`Tool ${name} returned output that does not match its output schema`);
      }
    }
    return result;
  }

  private changed(): void {
    this.sortedCache = undefined;
    for (const listener of this.listeners) listener();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** A request that can be aborted (the server's request context is; a detached one is not). */
function isAbortable(ctx: unknown): ctx is { abort(reason?: unknown): void } {
  return typeof (ctx as { abort?: unknown } | undefined)?.abort === 'function';
}

/**
 * The handler's promise, or `timeout` thrown once its time is up; then the request is aborted too, so a handler that
 * watches its signal stops working for nobody. The timer never keeps the process alive and is cleared on settling.
 */
function withinTimeout<T>(work: PromiseLike<T>, timeout: ToolTimeoutError, ctx: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (isAbortable(ctx)) ctx.abort(timeout);
      reject(timeout);
    }, timeout.timeoutMs);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

// Calls made outside a server (`registry.executeTool(name, args)` directly) get inert helpers. A complete extra (from the
// server) passes through untouched: reading its `signal` would create an AbortSignal nobody may need.
const extraKeys: readonly (keyof ToolCallExtra)[] = [
  'ctx',
  'signal',
  'reportProgress',
  'log',
  'requestClient',
  'ask',
  'resumed',
  'clientCapabilities',
];

function completeExtra(extra: Partial<ToolCallExtra> = {}): ToolCallExtra {
  let complete = true;
  for (const key of extraKeys) complete &&= key in extra;
  if (complete) return extra as ToolCallExtra;
  const signal = extra.signal ?? extra.ctx?.signal ?? new AbortController().signal;
  return {
    ctx: extra.ctx ?? detachedContext(signal),
    signal,
    reportProgress: extra.reportProgress ?? (async () => {}),
    log: extra.log ?? (async () => {}),
    requestClient:
      extra.requestClient ??
      (async () => {
        throw new ToolError('No client connected to answer this request');
      }),
    ask:
      extra.ask ??
      (async () => {
        throw new ToolError('No client connected to answer this request');
      }),
    resumed: extra.resumed ?? false,
    clientCapabilities: extra.clientCapabilities ?? {},
  };
}

function detachedContext(signal: AbortSignal): RequestContext {
  return {
    requestId: 'local',
    id: undefined,
    method: 'tools/call',
    params: {},
    info: { transport: 'stdio', headers: {} },
    protocolVersion: 'local',
    signal,
  };
}
