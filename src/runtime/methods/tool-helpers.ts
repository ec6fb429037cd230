import type { McpRequestContext } from '../pipeline/mcp-request-context.js';
import { clientInputFor, type AskClient, type ClientInput } from '../protocol/client-input.js';
import { passesLevel } from '../protocol/logging.js';
import type { ToolCallExtra } from '../tools/tool.js';
import type { LogLevel } from '../protocol/logging.js';
import type { MethodEnv } from './method-spec.js';

/**
 * The helpers a tool handler gets for one `tools/call` (its second argument). A class, so that a call that uses none
 * of them costs one object: the functions are made when a handler reads them (handlers may destructure them, so
 * they are bound), and the session-era client channel only when a handler asks the client something. In the
 * stateless era the client's input (requestState, inputResponses) is checked at once, as a bad one must fail the call.
 */
export class ToolHelpers implements ToolCallExtra {
  private input: ClientInput | undefined;

  constructor(
    readonly ctx: McpRequestContext,
    private readonly env: MethodEnv,
    private readonly binding: string,
  ) {
    if (ctx.stateless) this.input = this.clientInput();
  }

  get signal(): AbortSignal {
    return this.ctx.signal;
  }

  get clientCapabilities(): Record<string, unknown> {
    return this.ctx.clientCapabilities;
  }

  get resumed(): boolean {
    return this.input?.resumed ?? false;
  }

  get reportProgress(): ToolCallExtra['reportProgress'] {
    return async (progress, total, message) => {
      const ctx = this.ctx;
      const progressToken = (ctx.params._meta as Record<string, unknown> | undefined)?.progressToken;
      if (progressToken === undefined || ctx.abortReason !== undefined) return;
      const params: Record<string, unknown> = { progressToken, progress };
      if (total !== undefined) params.total = total;
      if (message !== undefined) params.message = message;
      ctx.outlet.send({ jsonrpc: '2.0', method: 'notifications/progress', params });
    };
  }

  get log(): ToolCallExtra['log'] {
    return async (level: LogLevel, data: unknown, logger?: string) => {
      const ctx = this.ctx;
      // Session era: everything until the client sets a level. Stateless era: only when the request asks for logs.
      const minimum = ctx.session?.logLevel ?? ctx.logLevel;
      if (ctx.stateless && ctx.logLevel === undefined) return;
      if (!passesLevel(level, minimum) || ctx.abortReason !== undefined) return;
      const params: Record<string, unknown> = { level, data };
      if (logger !== undefined) params.logger = logger;
      ctx.outlet.send({ jsonrpc: '2.0', method: 'notifications/message', params });
    };
  }

  get ask(): AskClient {
    return (requests) => this.clientInput().ask(requests);
  }

  get requestClient(): ToolCallExtra['requestClient'] {
    return async (method, params) =>
      (await this.clientInput().ask({ [method]: { method, params } }))[method] ?? {};
  }

  private clientInput(): ClientInput {
    this.input ??= clientInputFor(this.ctx, this.env.clientRequests, this.env.requestState, this.binding);
    return this.input;
  }
}
