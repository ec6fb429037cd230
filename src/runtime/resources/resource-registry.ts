import { ResourceNotFoundError } from '../errors/mcp-error.js';

/** One item of a `resources/read` result. */
export type ResourceContents = { uri: string; mimeType?: string } & ({ text: string } | { blob: string });

/** A resource at a fixed URI. */
export interface ResourceDefinition {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  read(uri: string): ResourceContents[] | Promise<ResourceContents[]>;
}

/** A family of resources addressed by an RFC 6570 level-1 template such as `test://template/{id}/data`. */
export interface ResourceTemplateDefinition {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  read(uri: string, variables: Record<string, string>): ResourceContents[] | Promise<ResourceContents[]>;
  /** Completion candidates per template variable. */
  complete?: Record<string, (value: string) => string[]>;
}

interface CompiledTemplate {
  definition: ResourceTemplateDefinition;
  pattern: RegExp;
  variables: string[];
}

function compileTemplate(definition: ResourceTemplateDefinition): CompiledTemplate {
  const variables: string[] = [];
  const source = definition.uriTemplate
    .split(/(\{[A-Za-z0-9_]+\})/)
    .map((part) => {
      const variable = /^\{([A-Za-z0-9_]+)\}$/.exec(part)?.[1];
      if (variable) {
        variables.push(variable);
        return '([^/?#]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { definition, pattern: new RegExp(`^${source}$`), variables };
}

function listing(
  d: Omit<ResourceDefinition, 'read'> | Omit<ResourceTemplateDefinition, 'read'>,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(d))
    if (value !== undefined && typeof value !== 'function') entry[key] = value;
  delete entry.complete;
  return entry;
}

/** Resources and resource templates, listed in registration order and read by URI. */
export class ResourceRegistry {
  private readonly resources = new Map<string, ResourceDefinition>();
  private readonly templates: CompiledTemplate[] = [];
  private readonly listeners = new Set<() => void>();

  /** Adds (or replaces) a resource at a fixed URI. Emits list-changed. */
  registerResource(definition: ResourceDefinition): void {
    this.resources.set(definition.uri, definition);
    this.changed();
  }

  /** Removes a resource; returns whether it existed. Emits list-changed. */
  unregisterResource(uri: string): boolean {
    const removed = this.resources.delete(uri);
    if (removed) this.changed();
    return removed;
  }

  /** Adds a URI template. Emits list-changed. */
  registerResourceTemplate(definition: ResourceTemplateDefinition): void {
    this.templates.push(compileTemplate(definition));
    this.changed();
  }

  /** Subscribes to list changes; returns the unsubscribe function. */
  onListChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Whether anything is registered (decides the `resources` capability). */
  get isEmpty(): boolean {
    return this.resources.size === 0 && this.templates.length === 0;
  }

  /** The `resources/list` entries. */
  listResources(): Record<string, unknown>[] {
    return [...this.resources.values()].map(({ read: _read, ...rest }) => listing(rest));
  }

  /** The `resources/templates/list` entries. */
  listTemplates(): Record<string, unknown>[] {
    return this.templates.map(({ definition: { read: _read, ...rest } }) => listing(rest));
  }

  /** Whether a URI names a resource or matches a template. */
  has(uri: string): boolean {
    return this.resources.has(uri) || this.templates.some((t) => t.pattern.test(uri));
  }

  /** Reads a resource or template instance; unknown URIs throw ResourceNotFoundError. */
  async read(uri: string): Promise<ResourceContents[]> {
    const resource = this.resources.get(uri);
    if (resource) return resource.read(uri);
    for (const template of this.templates) {
      const match = template.pattern.exec(uri);
      if (!match) continue;
      const variables: Record<string, string> = {};
      template.variables.forEach((name, i) => (variables[name] = decodeURIComponent(match[i + 1] ?? '')));
      return template.definition.read(uri, variables);
    }
    throw new ResourceNotFoundError(uri);
  }

  /** Completion candidates for a template variable. */
  complete(uriTemplate: string, argument: string, value: string): string[] {
    const template = this.templates.find((t) => t.definition.uriTemplate === uriTemplate);
    return template?.definition.complete?.[argument]?.(value) ?? [];
  }
}
