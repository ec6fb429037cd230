// A to-do list on FastMCP over stdio, written quickly: it works with a forgiving client, but it prints debug
// output to stdout (the protocol channel) and its schemas accept any extra field.
import { FastMCP } from 'fastmcp';
import { z } from 'zod';

interface Todo {
  id: number;
  text: string;
  done: boolean;
}

const todos: Todo[] = [];

const server = new FastMCP({ name: 'todo', version: '0.3.0' });

server.addTool({
  name: 'add_todo',
  description: 'Adds an item to the to-do list.',
  parameters: z.object({ text: z.string() }).passthrough(),
  execute: async (args) => {
    const todo = { id: todos.length + 1, text: args.text, done: false };
    todos.push(todo);
    console.log('added todo', todo.id);
    return `Added #${todo.id}`;
  },
});

server.addTool({
  name: 'list_todos',
  description: 'Lists the open items.',
  parameters: z.object({}),
  annotations: { readOnlyHint: true },
  execute: async () => JSON.stringify(todos.filter((todo) => !todo.done)),
});

server.addTool({
  name: 'complete_todo',
  description: 'Marks an item as done.',
  parameters: z.object({ id: z.number().int().positive() }),
  execute: async ({ id }) => {
    const todo = todos.find((t) => t.id === id);
    if (!todo) return `No item #${id}.`;
    todo.done = true;
    return `Completed #${id}`;
  },
});

await server.start({ transportType: 'stdio' });
