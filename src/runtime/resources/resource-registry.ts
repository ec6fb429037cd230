import { InvalidParamsError, ResourceNotFoundError } from '../errors/mcp-error.js';
import type { AccessFacts } from '../authz/access-facts.js';
import { completionCandidates } from '../protocol/completion-candidates.js';

/**
 * Whether the caller reaches an item: the server passes its tenant and permission check (default: everything). A
 * check may throw instead, to refuse the whole request (a missing permission); the registries let that through.
 */
export type Visibility = ((item: AccessFacts) => boolean) & {
  /**
   * A quiet check of the caller's tenant alone, when the full check has side effects (it logs a denial). A URI can
   * name another tenant's resource and also match a template of the caller's: the caller's match must answer, and
   * only an attempt that ends in "not found" may be logged as one on another tenant's item.
   */
  inScope?: (item: AccessFacts) => boolean;
};

const everything: Visibility = () => true;

/** One item of a `resources/read` result. */
export type ResourceContents = { uri: string; mimeType?: string } & ({ text: string } | { blob: string });

/** A resource at a fixed URI. `tenant` and `permission` (default `read`) limit who sees it; neither is listed. */
export interface ResourceDefinition extends AccessFacts {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  read(uri: string): ResourceContents[] | Promise<ResourceContents[]>;
}

/** A family of resources addressed by an RFC 6570 level-1 template such as `test://template/{id}/data`. */
export interface ResourceTemplateDefinition extends AccessFacts {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  read(uri: string, variables: Record<string, string>): ResourceContents[] | Promise<ResourceContents[]>;
  /** Completion candidates per template variable. */
  complete?: Record<string, (value: string) => string[]>;
}

/** A template variable's value: percent-decoded, where a malformed escape (`%E0%A4%A`) is the client's error. */
function decodeVariable(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new InvalidParamsError('Invalid percent-encoding in the resource URI');
  }
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

/** Definition fields that are the server's business, not the client's. */
const unlisted = new Set(['complete', 'tenant', 'permission']);

function listing(
  d: Omit<ResourceDefinition, 'read'> | Omit<ResourceTemplateDefinition, 'read'>,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(d))
    if (value !== undefined && typeof value !== 'function' && !unlisted.has(key)) entry[key] = value;
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

  /** The `resources/list` entries the caller may see. */
  listResources(visible: Visibility = everything): Record<string, unknown>[] {
    return [...this.resources.values()].filter(visible).map(({ read: _read, ...rest }) => listing(rest));
  }

  /** The `resources/templates/list` entries the caller may see. */
  listTemplates(visible: Visibility = everything): Record<string, unknown>[] {
    return this.templates
      .filter((t) => visible(t.definition))
      .map(({ definition: { read: _read, ...rest } }) => listing(rest));
  }

  /**
   * The resource or template a URI names, if any: a fixed URI wins over templates, an item of the caller's scope over
   * one of another tenant's, and hidden items do not exist. Only the item that answers, or else the first one of
   * another tenant's, goes through the full check.
   */
  private find(
    uri: string,
    visible: Visibility,
  ): { read: () => ReturnType<ResourceDefinition['read']> } | undefined {
    const inScope = visible.inScope ?? everything;
    let outOfScope: AccessFacts | undefined;
    const resource = this.resources.get(uri);
    if (resource) {
      if (!inScope(resource)) outOfScope = resource;
      else if (visible(resource)) return { read: () => resource.read(uri) };
    }
    for (const template of this.templates) {
      const match = template.pattern.exec(uri);
      if (!match) continue;
      if (!inScope(template.definition)) {
        outOfScope ??= template.definition;
        continue;
      }
      if (!visible(template.definition)) continue;
      const variables: Record<string, string> = {};
      template.variables.forEach((name, i) => (variables[name] = decodeVariable(match[i + 1] ?? '')));
      return { read: () => template.definition.read(uri, variables) };
    }
    // Nothing of the caller's answers: the check records the attempt on another tenant's item (and says no).
    if (outOfScope) visible(outOfScope);
    return undefined;
  }

  /** Whether a URI names a resource or matches a template the caller may see. */
  has(uri: string, visible: Visibility = everything): boolean {
    return this.find(uri, visible) !== undefined;
  }

  /** Reads a resource or template instance; unknown (or hidden) URIs throw ResourceNotFoundError. */
  async read(uri: string, visible: Visibility = everything): Promise<ResourceContents[]> {
    const found = this.find(uri, visible);
    if (!found) throw new ResourceNotFoundError(uri);
    return found.read();
  }

  /** Completion candidates for a template variable (none for a template the caller may not see). */
  complete(uriTemplate: string, argument: string, value: string, visible: Visibility = everything): string[] {
    const template = this.templates.find((t) => t.definition.uriTemplate === uriTemplate);
    if (!template || !visible(template.definition)) return [];
    return completionCandidates(template.definition.complete, argument, value);
  }
}
