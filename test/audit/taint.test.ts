import { describe, expect, it } from 'vitest';
import { auditWith, oneSafeguardRule, places } from './helpers.js';

// A violation rule over one sink kind, so each test reads only the flows it is about.
const taintRule = (sink: string) => ({
  'test.yaml': oneSafeguardRule(`{ taint: { sink: ${sink} } }`, '    kind: violation'),
});

async function flows(sources: Record<string, string>, sink = '[command, code, path, url, sql]') {
  const card = await auditWith(sources, taintRule(sink));
  return { safeguard: card.capabilities[0]!.safeguards[0]!, card };
}

const HEADER = `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
const server = new McpServer({ name: 's', version: '1' });
`;

describe('taint analysis', () => {
  it('shows the path from the tool argument to the sink, step by step', async () => {
    const { safeguard } = await flows({
      'src/index.ts': `${HEADER}import { run } from './shell.js';
server.registerTool('t', { inputSchema: { name: z.string() } }, async ({ name }) => {
  const target = name.trim();
  return run(target);
});
`,
      'src/shell.ts': `import { execSync } from 'node:child_process';
export function run(branch: string) {
  return execSync('git checkout ' + branch);
}
`,
    });
    expect(places(safeguard)).toEqual(['src/shell.ts:3']);
    const steps = safeguard.evidence[0]!.path!.map((s) => `${s.file}:${s.line} ${s.note}`);
    expect(steps[0]).toBe('src/index.ts:5 tool argument enters as `{ name }`');
    expect(steps).toContain('src/index.ts:6 assigned to `target`');
    expect(steps).toContain('src/index.ts:7 passed to `run()` as `branch`');
    expect(steps.at(-1)).toMatch(/^src\/shell\.ts:3 reaches shell command/);
  });

  it('reports nothing where no input reaches: constants, environment values, dead helpers', async () => {
    const { safeguard } = await flows({
      'src/index.ts': `${HEADER}import { exec } from 'node:child_process';
export function unused(dir: string) { exec('rm -rf ' + dir); }
server.registerTool('t', {}, async () => {
  exec('ls ' + (process.env.HOME ?? '/'));
  return { content: [] };
});
`,
    });
    expect(safeguard.result).toBe('satisfied');
  });

  it('ends taint at an allow-list guard that exits, only on the path after it', async () => {
    const { safeguard } = await flows({
      'src/index.ts': `${HEADER}import { exec } from 'node:child_process';
const UNITS = ['nginx', 'redis'];
server.registerTool('t', { inputSchema: { unit: z.string() } }, async ({ unit }) => {
  exec('systemctl status ' + unit);
  if (!UNITS.includes(unit)) throw new Error('unknown unit');
  exec('systemctl restart ' + unit);
  return { content: [] };
});
`,
    });
    expect(places(safeguard)).toEqual(['src/index.ts:7']);
  });

  it('follows mutual recursion without looping, within its budget', async () => {
    const { safeguard, card } = await flows({
      'src/index.ts': `${HEADER}import { exec } from 'node:child_process';
function ping(x: string, n: number): string { return n > 0 ? pong(x, n - 1) : x; }
function pong(x: string, n: number): string { return ping(x + '!', n); }
server.registerTool('t', { inputSchema: { x: z.string() } }, async ({ x }) => {
  exec('echo ' + ping(x, 3));
  return { content: [] };
});
`,
    });
    expect(places(safeguard)).toEqual(['src/index.ts:8']);
    expect(card.diagnostics.filter((d) => d.code === 'taint-budget')).toEqual([]);
  });

  it('leaves a dynamic require and code that does not type-check to a clean, deterministic answer', async () => {
    const sources = {
      'src/index.ts': `${HEADER}const cp = require(process.env.MOD as string);
server.registerTool('t', { inputSchema: { x: z.string() } }, async ({ x }: any) => {
  const n: number = x;  // a type error, still analysed
  cp.exec('echo ' + n);
  return { content: [] };
});
`,
    };
    const first = await flows(sources);
    const second = await flows(sources);
    expect(first.safeguard.result).toBe('satisfied');
    expect(JSON.stringify(second.safeguard)).toBe(JSON.stringify(first.safeguard));
  });

  it('treats HTTP request data as input and a fixed origin as not steerable', async () => {
    const { safeguard } = await flows(
      {
        'src/index.ts': `import express from 'express';
const app = express();
app.get('/proxy', async (req, res) => {
  const a = await fetch(String(req.query.target));
  const b = await fetch('https://api.example.com/v1/' + req.query.path);
  res.json({ a: a.status, b: b.status });
});
`,
      },
      'url',
    );
    expect(places(safeguard)).toEqual(['src/index.ts:4']);
  });
});

describe('taint budget', () => {
  it('stops at its budget and says so', async () => {
    const { TaintProgram } = await import('../../src/audit/taint/program.js');
    const { SyntaxTrees } = await import('../../src/audit/facts/trees.js');
    const text = `${HEADER}import { exec } from 'node:child_process';
server.registerTool('t', { inputSchema: { x: z.string() } }, async ({ x }) => {
  ${'const y = x + 1;\n  '.repeat(50)}exec('echo ' + x);
  return { content: [] };
});
`;
    const file = { path: 'src/index.ts', text } as Parameters<InstanceType<typeof SyntaxTrees>['get']>[0];
    const small = new TaintProgram([file], new SyntaxTrees(), 20);
    expect(small.flows()).toEqual([]);
    expect(small.exhausted).toBe(true);
    const enough = new TaintProgram([file], new SyntaxTrees());
    expect(enough.flows().map((f) => f.kind)).toEqual(['command']);
    expect(enough.exhausted).toBe(false);
  });
});
