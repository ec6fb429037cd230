import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpError, McpToolRegistry, ToolError, ToolNotFoundError } from '../../src/runtime/index.js';

const echoSchema = {
  type: 'object',
  properties: { text: { type: 'string' } },
  required: ['text'],
  additionalProperties: false,
};

function registryWithEcho(): McpToolRegistry {
  const registry = new McpToolRegistry();
  registry.registerTool({
    name: 'echo',
    inputSchema: echoSchema,
    handler: (args) => `echo: ${String(args.text)}`,
  });
  return registry;
}

describe('McpToolRegistry', () => {
  it("runs the seed's example handler and wraps its string as text content", async () => {
    const registry = new McpToolRegistry();
    registry.registerTool({
      name: 'example',
      handler: (x) => `Result: ${JSON.stringify(x)}`,
      metadata: { version: '1.0.0' },
    });
    expect(await registry.executeTool('example', { a: 1 })).toEqual({
      content: [{ type: 'text', text: 'Result: {"a":1}' }],
    });
    expect(registry.getTool('example')?.definition.metadata).toEqual({ version: '1.0.0' });
  });

  it('lists enabled tools sorted by name with their JSON Schema', () => {
    const registry = registryWithEcho();
    registry.registerTool({ name: 'alpha', handler: () => 'a' });
    expect(registry.listTools().map((t) => t.name)).toEqual(['alpha', 'echo']);
    expect(registry.getTool('echo')?.listing).toMatchObject({ name: 'echo', inputSchema: echoSchema });
  });

  it('refuses a second tool with the same name', () => {
    const registry = registryWithEcho();
    expect(() => registry.registerTool({ name: 'echo', handler: () => '' })).toThrow(/already registered/);
  });

  it('reports arguments that fail the input schema as an isError result', async () => {
    const result = await registryWithEcho().executeTool('echo', { text: 5 });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/Invalid arguments for tool echo: \/text must be string/);
  });

  it('throws ToolNotFoundError for an unknown tool', async () => {
    await expect(registryWithEcho().executeTool('missing')).rejects.toBeInstanceOf(ToolNotFoundError);
  });

  it('accepts zod schemas, validating with their JSON Schema form', async () => {
    const registry = new McpToolRegistry();
    registry.registerTool({
      name: 'count',
      inputSchema: z.object({ n: z.number().int() }),
      handler: (args) => ({ doubled: Number(args.n) * 2 }),
    });
    expect(registry.getTool('count')?.listing.inputSchema).toMatchObject({
      type: 'object',
      properties: { n: { type: 'integer' } },
    });
    expect(await registry.executeTool('count', { n: 2 })).toMatchObject({
      structuredContent: { doubled: 4 },
    });
    expect((await registry.executeTool('count', { n: 2.5 })).isError).toBe(true);
  });

  it('shows the message of a ToolError but hides other handler errors', async () => {
    const failures: unknown[] = [];
    const registry = new McpToolRegistry();
    registry.onToolFailure = (_tool, error) => failures.push(error);
    registry.registerTool({
      name: 'polite',
      handler: () => {
        throw new ToolError('quota used up');
      },
    });
    registry.registerTool({
      name: 'leaky',
      handler: () => {
        throw new Error('db password=hunter2');
      },
    });
    expect((await registry.executeTool('polite')).content[0]?.text).toBe('quota used up');
    const leaky = await registry.executeTool('leaky');
    expect(leaky).toEqual({ isError: true, content: [{ type: 'text', text: 'Tool leaky failed' }] });
    expect(failures).toHaveLength(1);
  });

  it('lets protocol errors thrown by a handler propagate', async () => {
    const registry = new McpToolRegistry();
    registry.registerTool({
      name: 'strict',
      handler: () => {
        throw new McpError(-32001, 'no');
      },
    });
    await expect(registry.executeTool('strict')).rejects.toMatchObject({ code: -32001 });
  });

  it('checks structured output against a declared output schema', async () => {
    const registry = new McpToolRegistry();
    registry.onToolFailure = () => {};
    registry.registerTool({
      name: 'bad',
      outputSchema: { type: 'object', required: ['n'] },
      handler: () => ({ m: 1 }),
    });
    expect((await registry.executeTool('bad')).isError).toBe(true);
  });

  it('hides disabled tools and emits list-changed on every change', () => {
    const registry = registryWithEcho();
    let changes = 0;
    registry.onListChanged(() => changes++);
    registry.disableTool('echo');
    expect(registry.listTools()).toEqual([]);
    expect(registry.getTool('echo')).toBeUndefined();
    registry.enableTool('echo');
    registry.unregisterTool('echo');
    expect(changes).toBe(3);
  });
});
