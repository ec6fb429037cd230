// Deterministic generator of a synthetic TypeScript MCP-server-like corpus (never checked in).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// mulberry32: a tiny seeded PRNG, so the same seed always gives the same corpus.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = [
  'load',
  'store',
  'check',
  'render',
  'parse',
  'validate',
  'resolve',
  'format',
  'merge',
  'count',
];
const NOUNS = [
  'Tool',
  'Session',
  'Tenant',
  'Request',
  'Budget',
  'Record',
  'Schema',
  'Route',
  'Metric',
  'Token',
];

function methodBody(rnd, name, callees) {
  const lines = [];
  lines.push(`  ${name}(input: Payload, limit: number): Result {`);
  lines.push(`    const started = this.clock.now();`);
  lines.push(`    const key = \`\${input.tenant}:\${input.name}:${name}\`;`);
  lines.push(`    if (input.size > limit * ${1 + Math.floor(rnd() * 64)}) {`);
  lines.push(`      return { ok: false, reason: 'too large: ' + key, elapsed: this.clock.now() - started };`);
  lines.push(`    }`);
  for (let i = 0; i < 6; i++) {
    const callee = callees[Math.floor(rnd() * callees.length)];
    lines.push(
      `    const step${i} = ${callee}({ name: input.name, size: input.size + ${i}, tenant: input.tenant });`,
    );
    lines.push(
      `    if (!step${i}.ok) this.log.push({ event: '${name}_step${i}_failed', key, reason: step${i}.reason });`,
    );
  }
  lines.push(`    this.cache.set(key, { ok: true, reason: '', elapsed: this.clock.now() - started });`);
  lines.push(`    return this.cache.get(key) ?? { ok: false, reason: 'missing', elapsed: 0 };`);
  lines.push(`  }`);
  lines.push('');
  return lines;
}

function functionBlock(rnd, name) {
  return [
    `export function ${name}(input: Payload): Result {`,
    `  const parts = input.name.split('/').filter((part) => part.length > ${Math.floor(rnd() * 4)});`,
    `  let total = 0;`,
    `  for (const part of parts) total += part.length * ${1 + Math.floor(rnd() * 9)};`,
    `  const ok = total < input.size || input.tenant === 'tenant-${Math.floor(rnd() * 100)}';`,
    `  return { ok, reason: ok ? '' : \`\${name} rejected \${input.name}\`, elapsed: total };`,
    `}`,
    '',
    `export const ${name}Async = async (input: Payload): Promise<Result> => {`,
    `  await Promise.resolve();`,
    `  return ${name}(input);`,
    `};`,
    '',
  ].map((line) => line.replace('${name}', name));
}

// MCP tools the way real servers register them (SDK registerTool with a zod shape), so that the taint analysis has
// entry points, project calls and sinks to follow: a contained file read, a command with an argument array, an
// outbound request to a fixed host, and one command built from the tool's input (a finding on every run).
function toolBlock(rnd, i, callee) {
  const t = (name) => `'${name}_${i}'`;
  return [
    `export function registerTools${i}(server: McpServer, root: string): void {`,
    `  server.registerTool(${t('read')}, { description: 'Reads a file under the root', inputSchema: { file: z.string(), limit: z.number() } }, async ({ file, limit }) => {`,
    `    const target = path.resolve(root, file);`,
    `    if (!target.startsWith(root + path.sep)) throw new Error('outside the root');`,
    `    const text = await readFile(target, 'utf8');`,
    `    return { content: [{ type: 'text', text: text.slice(0, limit) }] };`,
    `  });`,
    `  server.registerTool(${t('history')}, { description: 'Shows the log of a path', inputSchema: { name: z.string(), size: z.number() } }, async ({ name, size }) => {`,
    `    const checked = ${callee}({ name, size, tenant: 'tenant-${Math.floor(rnd() * 100)}' });`,
    `    const { stdout } = await execFileAsync('git', ['log', '--format=%s', '--', name]);`,
    `    return { content: [{ type: 'text', text: checked.reason + stdout }] };`,
    `  });`,
    `  server.registerTool(${t('lookup')}, { description: 'Looks a page up', inputSchema: { page: z.string() } }, async ({ page }) => {`,
    `    const response = await fetch(\`https://api.example.com/pages/\${encodeURIComponent(page)}\`);`,
    `    return { content: [{ type: 'text', text: await response.text() }] };`,
    `  });`,
    `  server.registerTool(${t('count')}, { description: 'Counts lines', inputSchema: { pattern: z.string() } }, async ({ pattern }) => {`,
    `    const { stdout } = await execAsync(\`grep -c \${pattern} \${root}/*.log\`);`,
    `    return { content: [{ type: 'text', text: stdout }] };`,
    `  });`,
    `}`,
    '',
  ];
}

/** Writes about `targetLines` lines into `dir`/src as `files` modules; returns { files, lines }. */
export function generateCorpus(dir, { files = 200, targetLines = 100_000, seed = 4242 } = {}) {
  const rnd = random(seed);
  const perFile = Math.floor(targetLines / files);
  let total = 0;
  const fnName = (i, k) => `${VERBS[k % VERBS.length]}${NOUNS[(i + k) % NOUNS.length]}${i}_${k}`;
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(
    path.join(dir, 'src', 'types.ts'),
    [
      'export interface Payload { name: string; size: number; tenant: string }',
      'export interface Result { ok: boolean; reason: string; elapsed: number }',
      'export interface Clock { now(): number }',
      'export interface LogEvent { event: string; key: string; reason: string }',
      '',
    ].join('\n'),
  );
  total += 5;
  for (let i = 0; i < files; i++) {
    const lines = [`import type { Clock, LogEvent, Payload, Result } from './types.js';`];
    // One module in ten also registers MCP tools.
    const tools = i % 10 === 0;
    if (tools) {
      lines.push(
        `import { exec, execFile } from 'node:child_process';`,
        `import { readFile } from 'node:fs/promises';`,
        `import path from 'node:path';`,
        `import { promisify } from 'node:util';`,
        `import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';`,
        `import { z } from 'zod';`,
        `const execAsync = promisify(exec);`,
        `const execFileAsync = promisify(execFile);`,
      );
    }
    const imported = [];
    for (let d = 1; d <= 2 && i - d >= 0; d++) {
      const names = [fnName(i - d, 0), fnName(i - d, 1)];
      imported.push(...names);
      lines.push(`import { ${names.join(', ')} } from './module${i - d}.js';`);
    }
    lines.push('');
    const own = [];
    let k = 0;
    while (lines.length < perFile * 0.35) {
      const name = fnName(i, k++);
      own.push(name);
      lines.push(...functionBlock(rnd, name));
    }
    const callees = [...own, ...imported];
    if (tools) lines.push(...toolBlock(rnd, i, callees[Math.floor(rnd() * callees.length)]));
    const cls = `${NOUNS[i % NOUNS.length]}Service${i}`;
    lines.push(`export class ${cls} {`);
    lines.push(`  private readonly cache = new Map<string, Result>();`);
    lines.push(`  readonly log: LogEvent[] = [];`);
    lines.push('');
    lines.push(`  constructor(private readonly clock: Clock) {}`);
    lines.push('');
    let m = 0;
    while (lines.length < perFile - 30)
      lines.push(...methodBody(rnd, `${VERBS[m % VERBS.length]}${m++}`, callees));
    lines.push(`}`);
    lines.push('');
    lines.push(`export const ${cls.toLowerCase()}Handlers = {`);
    for (let h = 0; h < 8; h++) {
      lines.push(
        `  '${NOUNS[h]}/${VERBS[h]}': (service: ${cls}, input: Payload) => service.${VERBS[0]}0(input, ${100 + h}),`,
      );
    }
    lines.push(`};`);
    lines.push('');
    writeFileSync(path.join(dir, 'src', `module${i}.ts`), lines.join('\n'));
    total += lines.length;
  }
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['src'],
    }),
  );
  return { files: files + 1, lines: total };
}
