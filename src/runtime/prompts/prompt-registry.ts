import { InvalidParamsError } from '../errors/mcp-error.js';
import type { AccessFacts } from '../authz/access-facts.js';
import type { ClientInput } from '../protocol/client-input.js';
import type { Visibility } from '../resources/resource-registry.js';
import { completionCandidates } from '../protocol/completion-candidates.js';

const everything: Visibility = () => true;

export interface PromptArgument {
  name: string;
  description?: string;
  required?: boolean;
}

export interface PromptMessage {
  role: 'user' | 'assistant';
  content: Record<string, unknown> & { type: string };
}

export interface PromptResult {
  messages: PromptMessage[];
  description?: string;
}

/** A prompt template the client can list and get. `tenant` and `permission` (default `read`) limit who sees it. */
export interface PromptDefinition extends AccessFacts {
  name: string;
  title?: string;
  description?: string;
  arguments?: PromptArgument[];
  get(args: Record<string, string>, input: ClientInput): PromptResult | Promise<PromptResult>;
  /** Completion candidates per argument. */
  complete?: Record<string, (value: string) => string[]>;
}

/** Prompts, listed in registration order. */
export class PromptRegistry {
  private readonly prompts = new Map<string, PromptDefinition>();
  private readonly listeners = new Set<() => void>();

  /** Adds (or replaces) a prompt. Emits list-changed. */
  registerPrompt(definition: PromptDefinition): void {
    this.prompts.set(definition.name, definition);
    this.changed();
  }

  /** Removes a prompt; returns whether it existed. Emits list-changed. */
  unregisterPrompt(name: string): boolean {
    const removed = this.prompts.delete(name);
    if (removed) this.changed();
    return removed;
  }

  /** Subscribes to list changes; returns the unsubscribe function. */
  onListChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  get isEmpty(): boolean {
    return this.prompts.size === 0;
  }

  /** The `prompts/list` entries the caller may see. */
  listPrompts(visible: Visibility = everything): Record<string, unknown>[] {
    return [...this.prompts.values()].filter(visible).map((p) => {
      const entry: Record<string, unknown> = { name: p.name };
      if (p.title) entry.title = p.title;
      entry.description = p.description ?? '';
      if (p.arguments) entry.arguments = p.arguments;
      return entry;
    });
  }

  /**
   * Renders a prompt; unknown (or hidden) prompts, missing required arguments and non-string arguments are -32602.
   */
  async getPrompt(
    name: unknown,
    args: unknown,
    input: ClientInput,
    visible: Visibility = everything,
  ): Promise<Record<string, unknown>> {
    const prompt = typeof name === 'string' ? this.prompts.get(name) : undefined;
    if (!prompt || !visible(prompt)) throw new InvalidParamsError(`Unknown prompt: ${String(name)}`);
    const given = (args ?? {}) as Record<string, unknown>;
    if (typeof given !== 'object' || Array.isArray(given))
      throw new InvalidParamsError('arguments must be an object');
    for (const value of Object.values(given)) {
      if (typeof value !== 'string') throw new InvalidParamsError('prompt arguments must be strings');
    }
    for (const arg of prompt.arguments ?? []) {
      if (arg.required && given[arg.name] === undefined) {
        throw new InvalidParamsError(`Missing required argument: ${arg.name}`);
      }
    }
    const result = await prompt.get(given as Record<string, string>, input);
    return { ...result };
  }

  /** Completion candidates for a prompt argument (none for a prompt the caller may not see). */
  complete(name: string, argument: string, value: string, visible: Visibility = everything): string[] {
    const prompt = this.prompts.get(name);
    if (!prompt || !visible(prompt)) return [];
    return completionCandidates(prompt.complete, argument, value);
  }
}
