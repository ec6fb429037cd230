/** Method names of the runtime's original API (`listTools`, `callTool`), accepted as aliases of the MCP methods. */
export const methodAliases: Readonly<Record<string, string>> = {
  listTools: 'tools/list',
  callTool: 'tools/call',
};

/** The canonical MCP method for a method name as the client wrote it. */
export function canonicalMethod(method: string): string {
  return Object.hasOwn(methodAliases, method) ? (methodAliases[method] as string) : method;
}
