// A documentation reader over stdio (official SDK v1). Rather than thread the request through every helper, the tool
// handlers park the request they are serving (its abort signal and progress token) in a module-level variable that
// the helpers read. The SDK runs tool calls concurrently, so a second call overwrites the first one's request: the
// first call's fetch is then cancelled by, and reports progress to, the wrong request.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const DOCS_BASE = 'https://docs.example.com/';

interface CurrentRequest {
  signal: AbortSignal;
  progressToken?: string | number;
}

let currentRequest: CurrentRequest | undefined;

async function fetchPage(slug: string): Promise<string> {
  const url = new URL(`/pages/${encodeURIComponent(slug)}`, DOCS_BASE);
  const response = await fetch(url, { signal: currentRequest?.signal });
  if (!response.ok) throw new Error(`The documentation site answered ${response.status}.`);
  return response.text();
}

const server = new McpServer({ name: 'docs-reader', version: '1.2.0' });

server.registerTool(
  'read_page',
  {
    title: 'Read a documentation page',
    description: 'Returns the text of one documentation page, by its slug.',
    inputSchema: { slug: z.string().regex(/^[a-z0-9-]{1,80}$/) },
    annotations: { readOnlyHint: true, openWorldHint: true },
  },
  async ({ slug }, extra) => {
    currentRequest = { signal: extra.signal, progressToken: extra._meta?.progressToken };
    const text = await fetchPage(slug);
    return { content: [{ type: 'text', text: text.slice(0, 50_000) }] };
  },
);

server.registerTool(
  'read_pages',
  {
    title: 'Read several documentation pages',
    description: 'Returns the text of up to five documentation pages, by their slugs.',
    inputSchema: { slugs: z.array(z.string().regex(/^[a-z0-9-]{1,80}$/)).min(1).max(5) },
    annotations: { readOnlyHint: true, openWorldHint: true },
  },
  async ({ slugs }, extra) => {
    currentRequest = { signal: extra.signal, progressToken: extra._meta?.progressToken };
    const pages = await Promise.all(slugs.map((slug) => fetchPage(slug)));
    return { content: pages.map((text) => ({ type: 'text' as const, text: text.slice(0, 10_000) })) };
  },
);

async function main(): Promise<void> {
  await server.connect(new StdioServerTransport());
  console.error('docs-reader ready on stdio');
}

main().catch((error: unknown) => {
  console.error('docs-reader failed to start', error);
  process.exit(1);
});
