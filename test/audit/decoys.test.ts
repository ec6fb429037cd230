import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NoServerFoundError, runAudit } from '../../src/audit/index.js';
import { tempTree } from './helpers.js';

const DECOYS = fileURLToPath(new URL('./fixtures/decoys', import.meta.url));

describe('names never credit (docs/scoring.md)', () => {
  it('a server whose limiter, authentication, validation and logger are names only earns none of them', async () => {
    const card = await runAudit({ root: DECOYS, failOn: 'none' });
    const status = Object.fromEntries(card.capabilities.map((c) => [c.id, c.status]));
    // It really is an HTTP MCP server, so these capabilities are judged, not set aside.
    expect(status['mcp-protocol-surface']).toBe('present');
    expect(status['mcp-rate-limiting']).toBe('absent');
    expect(status['mcp-authz-authn']).toBe('absent');
    expect(status['mcp-schema-validation']).not.toBe('present');
    expect(status['mcp-observability']).not.toBe('present');
  });

  it('no capability of the decoy server is present on the strength of a decoy', async () => {
    const card = await runAudit({ root: DECOYS, failOn: 'none' });
    const credited = card.capabilities
      .flatMap((c) => c.safeguards.filter((s) => s.core && s.result === 'satisfied'))
      .flatMap((s) => s.evidence.map((e) => `${s.id} ${e.snippet}`));
    for (const line of credited) {
      expect(line).not.toMatch(
        /RateLimiter|authenticate\(|hasPermission|validateParams|StructuredLogger|^\S+ import/,
      );
    }
  });
});

describe('an empty project', () => {
  it('is not scored: no MCP server is found, so nothing can be present', async () => {
    const root = tempTree({
      'package.json': '{ "name": "empty", "version": "1.0.0" }',
      'src/index.ts': 'export const x = 1;\n',
    });
    await expect(runAudit({ root })).rejects.toBeInstanceOf(NoServerFoundError);
  });
});

describe('a stdio-only server without authentication', () => {
  it('has authz not-applicable (never present), with the reason', async () => {
    const root = tempTree({
      'package.json': JSON.stringify({
        name: 'stdio',
        version: '1.0.0',
        dependencies: { '@modelcontextprotocol/sdk': '^1.17.0', zod: '^3.25.0' },
      }),
      'src/index.ts': [
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
        "import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';",
        "import { z } from 'zod';",
        "const server = new McpServer({ name: 'stdio', version: '1.0.0' });",
        "server.registerTool('echo', { description: 'Echo', inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));",
        'await server.connect(new StdioServerTransport());',
        '',
      ].join('\n'),
    });
    const card = await runAudit({ root, failOn: 'none' });
    const authz = card.capabilities.find((c) => c.id === 'mcp-authz-authn')!;
    expect(authz.status).toBe('not-applicable');
    expect(authz.score).toBeNull();
    expect(authz.reason).toMatch(/stdio/i);
  });
});
