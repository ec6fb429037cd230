// A notes server on the official SDK v1 high-level API, served over stdio (the way most desktop MCP servers ship).
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { readdir, readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { z } from 'zod';

const NOTES_ROOT = resolve(process.env.NOTES_DIR ?? './notes');

const server = new McpServer({ name: 'notes', version: '1.4.0' }, { capabilities: { logging: {} } });

server.registerTool(
  'read_note',
  {
    title: 'Read a note',
    description: 'Returns the text of one note from the notes folder.',
    inputSchema: { name: z.string().min(1).max(200) },
    annotations: { readOnlyHint: true },
  },
  async ({ name }, extra) => {
    // Resolve and contain: a name such as ../../etc/passwd must not escape the notes folder.
    const target = resolve(NOTES_ROOT, name);
    if (!target.startsWith(NOTES_ROOT + sep)) {
      return { content: [{ type: 'text', text: 'That note is outside the notes folder.' }], isError: true };
    }
    const text = await readFile(target, { encoding: 'utf8', signal: extra.signal });
    return { content: [{ type: 'text', text }] };
  },
);

server.registerTool(
  'word_count',
  {
    description: 'Counts the words of a text.',
    inputSchema: { text: z.string().max(100_000) },
    outputSchema: { words: z.number().int() },
  },
  async ({ text }) => {
    const words = text.split(/\s+/).filter(Boolean).length;
    return { content: [{ type: 'text', text: String(words) }], structuredContent: { words } };
  },
);

// Each note is also a resource, so clients can attach notes as context without a tool call.
server.registerResource(
  'note',
  new ResourceTemplate('notes://{name}', {
    list: async () => ({
      resources: (await readdir(NOTES_ROOT))
        .filter((file) => file.endsWith('.md'))
        .map((file) => ({ uri: `notes://${file}`, name: file, mimeType: 'text/markdown' })),
    }),
  }),
  { description: 'A note from the notes folder.', mimeType: 'text/markdown' },
  async (uri, { name }) => {
    const target = resolve(NOTES_ROOT, String(name));
    if (!target.startsWith(NOTES_ROOT + sep)) throw new Error('That note is outside the notes folder.');
    return { contents: [{ uri: uri.href, text: await readFile(target, 'utf8') }] };
  },
);

async function main(): Promise<void> {
  const transport = new StdioServerTransport();
  await server.connect(transport);
  // stdout belongs to the protocol: diagnostics go to stderr.
  console.error('notes server ready on stdio');
}

main().catch((error: unknown) => {
  console.error('notes server failed to start', error);
  process.exit(1);
});
