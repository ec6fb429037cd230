/** The permission each MCP method needs by default. */

/** Methods every authenticated principal may use: the handshake, liveness and notifications about the session. */
const OPEN_METHODS = new Set([
  'initialize',
  'ping',
  'server/discover',
  'notifications/initialized',
  'notifications/cancelled',
]);

/** Reading methods: listings, resources, prompts, completion, log level and subscriptions. */
const READ_PREFIXES = ['resources/', 'prompts/', 'completion/', 'logging/', 'subscriptions/'];

/**
 * The permission a method needs: undefined for the open methods, `read` for listings and reads, `execute` for
 * `tools/call` (or the tool's own declared permission) and for anything else, so an unexpected method is never free.
 */
export function requiredPermission(method: string, toolPermission?: string): string | undefined {
  if (OPEN_METHODS.has(method)) return undefined;
  if (method === 'tools/call') return toolPermission ?? 'execute';
  if (method === 'tools/list') return 'read';
  if (method.startsWith('notifications/')) return undefined;
  for (const prefix of READ_PREFIXES) if (method.startsWith(prefix)) return 'read';
  return 'execute';
}
