import { describe, expect, it } from 'vitest';
import { findServers } from '../../src/audit/servers.js';
import { tempTree } from './helpers.js';

const pkg = (name: string, dependencies: Record<string, string> = {}, extra: object = {}): string =>
  JSON.stringify({ name, version: '1.0.0', dependencies, ...extra });

const SDK_CLIENT = [
  "import { Client } from '@modelcontextprotocol/sdk/client/index.js';",
  "export const client = new Client({ name: 'ui', version: '1.0.0' });",
  '',
].join('\n');
const METHOD_SWITCH = [
  'export function label(method: string): string {',
  '  switch (method) {',
  "    case 'tools/list': return 'Tools';",
  "    case 'tools/call': return 'Call';",
  '  }',
  "  return '';",
  '}',
  '',
].join('\n');
const SDK_SERVER = [
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
  "import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';",
  "const server = new McpServer({ name: 's', version: '1.0.0' });",
  'await server.connect(new StdioServerTransport());',
  '',
].join('\n');

describe('finding the MCP servers of a target', () => {
  it('a client workspace whose UI switches on method names has no server', async () => {
    const root = tempTree({
      'package.json': pkg('inspector', {}, { workspaces: ['core', 'web'] }),
      'core/package.json': pkg('core', { '@modelcontextprotocol/sdk': '^1.17.0' }),
      'core/src/client.ts': SDK_CLIENT,
      'web/package.json': pkg('web', { core: '*' }),
      'web/src/App.tsx': METHOD_SWITCH,
    });
    const search = await findServers(root);
    expect(search.servers).toEqual([]);
    expect(search.looked.find((p) => p.relative === 'web')?.classification.kind).toBe('client');
  });

  it('test servers beside a client do not make it a server', async () => {
    const root = tempTree({
      'package.json': pkg('client-app', { '@modelcontextprotocol/sdk': '^1.17.0' }),
      'src/client.ts': SDK_CLIENT,
      'test-servers/src/server.ts': SDK_SERVER,
    });
    expect((await findServers(root)).servers).toEqual([]);
  });

  it('a package whose workspace dependency builds the server is a server, and says through which', async () => {
    const root = tempTree({
      'package.json': pkg('mono', {}, { workspaces: ['packages/*'] }),
      'packages/core/package.json': pkg('@x/core', { '@modelcontextprotocol/sdk': '^1.17.0' }),
      'packages/core/src/server.ts': SDK_SERVER,
      'packages/app/package.json': pkg('@x/app', { '@x/core': 'workspace:*' }),
      'packages/app/src/index.ts': "import '@x/core';\n",
    });
    const search = await findServers(root);
    const app = search.looked.find((p) => p.relative === 'packages/app')!;
    expect(app.classification.kind).toBe('server');
    expect(app.classification.reasons[0]).toMatch(/through its workspace dependency packages\/core/);
  });

  it('example packages are never the server', async () => {
    const root = tempTree({
      'package.json': pkg('lib', {}, { workspaces: ['examples/*'] }),
      'src/index.ts': 'export const x = 1;\n',
      'examples/demo/package.json': pkg('demo', { '@modelcontextprotocol/sdk': '^1.17.0' }),
      'examples/demo/src/server.ts': SDK_SERVER,
    });
    expect((await findServers(root)).servers).toEqual([]);
  });

  it('--package picks one server by name and names the servers when it matches none', async () => {
    const root = tempTree({
      'package.json': pkg('mono', {}, { workspaces: ['a', 'b'] }),
      'a/package.json': pkg('a', { '@modelcontextprotocol/sdk': '^1.17.0' }),
      'a/src/server.ts': SDK_SERVER,
      'b/package.json': pkg('b', { '@modelcontextprotocol/sdk': '^1.17.0' }),
      'b/src/server.ts': SDK_SERVER,
    });
    expect((await findServers(root)).servers.map((s) => s.relative)).toEqual(['a', 'b']);
    expect((await findServers(root, 'b')).servers.map((s) => s.relative)).toEqual(['b']);
    await expect(findServers(root, 'c')).rejects.toThrow(/servers found: a \(a\), b \(b\)/);
  });
});
