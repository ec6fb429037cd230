/** What a tool, resource, resource template or prompt declares that access decisions need. */
export interface AccessFacts {
  /** A tenant-scoped item is visible and usable only inside that tenant; absent means global. */
  tenant?: string;
  /** Permission needed to use it (default `execute` for tools, `read` for resources and prompts). */
  permission?: string;
}

/** What a tool declares that access decisions need. */
export interface ToolAccessFacts extends AccessFacts {
  name: string;
}
