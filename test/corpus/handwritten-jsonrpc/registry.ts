// The tool registry: names are unique, tools can be disabled, and listeners hear about every change.
import Ajv, { type ValidateFunction } from 'ajv';
import { InvalidParamsError } from './errors.js';

export interface ToolDefinition {
  name: string;
  description: string;
  version: string;
  inputSchema: Record<string, unknown>;
  handler: (args: Record<string, unknown>, signal: AbortSignal) => Promise<string>;
}

interface RegisteredTool extends ToolDefinition {
  enabled: boolean;
  validate: ValidateFunction;
}

const ajv = new Ajv({ strict: true, allErrors: true });

export class ToolRegistry {
  private readonly tools = new Map<string, RegisteredTool>();
  private readonly listeners: (() => void)[] = [];

  /** Adds a tool; a second tool with the same name is an error, not a silent replacement. */
  registerTool(tool: ToolDefinition): void {
    if (this.tools.has(tool.name)) throw new Error(`tool ${tool.name} is already registered`);
    // The schema is compiled once here, not on every call.
    this.tools.set(tool.name, { ...tool, enabled: true, validate: ajv.compile(tool.inputSchema) });
    this.changed();
  }

  setEnabled(name: string, enabled: boolean): void {
    const tool = this.tools.get(name);
    if (tool) {
      tool.enabled = enabled;
      this.changed();
    }
  }

  onListChanged(listener: () => void): void {
    this.listeners.push(listener);
  }

  listTools(): { name: string; description: string; inputSchema: Record<string, unknown> }[] {
    return [...this.tools.values()]
      .filter((tool) => tool.enabled)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name, description, inputSchema }) => ({ name, description, inputSchema }));
  }

  async executeTool(name: string, args: unknown, signal: AbortSignal) {
    const tool = this.tools.get(name);
    if (!tool || !tool.enabled) throw new InvalidParamsError(`unknown tool ${name}`);
    if (!tool.validate(args)) {
      return { content: [{ type: 'text', text: ajv.errorsText(tool.validate.errors) }], isError: true };
    }
    const text = await tool.handler(args as Record<string, unknown>, signal);
    return { content: [{ type: 'text', text }] };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
