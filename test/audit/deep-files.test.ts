/**
 * Issue 14, Deliver 1 and 4: files nested far deeper than hand-written code (generated, or written to evade the
 * audit) are audited in time linear in their size where the parser can be made to read them, read for their syntax
 * only where the type checker and the taint analysis cannot follow them, and skipped honestly beyond that.
 * bench/audit/pathological.mjs prints how long these audits take.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { parseSource } from '../../src/audit/facts/parse.js';
import { MAX_TYPE_CHECKED_DEPTH } from '../../src/audit/facts/nesting.js';
import { walkFacts } from '../../src/audit/facts/collect.js';
import { factText } from '../../src/audit/facts/text.js';
import type { Scorecard } from '../../src/audit/scorecard.js';
import { oneSafeguardRule, tempTree } from './helpers.js';

// The chain `a()()()…` and the parentheses `((((a))))` of the issue: every call's callee is the whole chain before
// it, and the compiler's parser recurses once per parenthesis.
const CALL_CHAIN = `export const x = a${'()'.repeat(80_000)};\neval(x);\n`;
const PARENTHESES = `export const x = ${'('.repeat(50_000)}a${')'.repeat(50_000)};\neval(x);\n`;

// A keyless rule on the callee text makes the walk compute the text of every call of the chain.
const rules = {
  'r.yaml': oneSafeguardRule(
    "{ any: [{ call: { name: eval } }, { call: { callee: '/^child_process\\.exec$/' } }, { call: { receiver: '/(^|\\.)console$/' } }] }",
    '    kind: violation',
  ),
};

const evidenceOf = (card: Scorecard) =>
  card.capabilities[0]!.safeguards[0]!.evidence.map((e) => `${e.file}:${e.line}`);

// A server whose code is in src/index.ts, beside the deep file.
const SERVER = [
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
  "export const server = new McpServer({ name: 'deep', version: '1.0.0' });",
  '',
].join('\n');
const PACKAGE = JSON.stringify({
  name: 'deep',
  version: '1.0.0',
  dependencies: { '@modelcontextprotocol/sdk': '1.0.0' },
});

describe('deeply nested files', () => {
  it('audits an 80 000-call chain', async () => {
    const root = tempTree({ 'src/chain.ts': CALL_CHAIN });
    const card = await runAudit({ root, ruleDirs: [tempTree(rules)], bundledRules: false });
    expect(evidenceOf(card)).toEqual(['src/chain.ts:2']);
    expect(card.diagnostics).toEqual([]);
  });

  it('audits 50 000 nested parentheses, parsed in a worker with a larger stack', async () => {
    // The worker runs the compiled module (lib/, built by `npm test`): a worker thread cannot load TypeScript sources.
    const lib = (await import(path.resolve('lib/audit/index.js'))) as { runAudit: typeof runAudit };
    const root = tempTree({ 'src/parentheses.ts': PARENTHESES });
    const card = await lib.runAudit({ root, ruleDirs: [tempTree(rules)], bundledRules: false });
    expect(evidenceOf(card)).toEqual(['src/parentheses.ts:2']);
    expect(card.diagnostics).toEqual([]);
  });

  it('reads such files for their syntax only when the bundled rules need the type checker, and says so', async () => {
    const lib = (await import(path.resolve('lib/audit/index.js'))) as { runAudit: typeof runAudit };
    const root = tempTree({
      'package.json': PACKAGE,
      'src/index.ts': SERVER,
      'src/chain.ts': CALL_CHAIN,
      'src/parentheses.ts': PARENTHESES,
    });
    const card = await lib.runAudit({ root, failOn: 'none' });
    const syntaxOnly = {
      severity: 'warning',
      code: 'too-complex',
      message:
        'read for its syntax only: nested too deeply for the type checker and the taint analysis (generated code?)',
    };
    expect(card.diagnostics.filter((d) => d.code === 'too-complex')).toEqual([
      { ...syntaxOnly, file: 'src/chain.ts' },
      { ...syntaxOnly, file: 'src/parentheses.ts' },
    ]);
    // Fail closed: what the type checker or the taint analysis would have found there is unknown.
    const authz = card.capabilities.find((c) => c.id === 'mcp-authz-authn')!;
    expect([authz.status, authz.reason]).toEqual([
      'inconclusive',
      'core evidence is missing and 2 files were not analysed (src/chain.ts, src/parentheses.ts)',
    ]);
  });

  it('skips a file too deep even for the worker, as not analysed', async () => {
    const { parseInWorker } = (await import(path.resolve('lib/audit/facts/deep-parse.js'))) as {
      parseInWorker: (path: string, text: string, stackSizeMb?: number) => unknown;
    };
    expect(parseInWorker('src/parentheses.ts', PARENTHESES, 4)).toBeUndefined();
    expect(parseInWorker('src/parentheses.ts', PARENTHESES)).toMatchObject({
      facts: { path: 'src/parentheses.ts' },
    });
  });

  it('measures nesting up to the limit the passes after the fact walk can follow', () => {
    const depth = (calls: number) => walkFacts('x.ts', parseSource('x.ts', `f${'()'.repeat(calls)};`)).depth;
    expect(depth(100)).toBeLessThan(MAX_TYPE_CHECKED_DEPTH);
    expect(depth(MAX_TYPE_CHECKED_DEPTH)).toBeGreaterThanOrEqual(MAX_TYPE_CHECKED_DEPTH);
    // Deeper than the walk recurses: it sets subtrees aside, and says at least that deep.
    expect(depth(3000)).toBeGreaterThanOrEqual(1000);
  });

  it('keeps the ends of a fact text above 1024 characters, so that the chain costs linear time', () => {
    const text = `  a.b${'()'.repeat(1000)}.c`;
    const fact = factText(text, 0, text.length);
    expect(fact).toBe(`${text.slice(2, 514)}…${text.slice(-512)}`);
    expect(fact.startsWith('a.b()')).toBe(true);
    expect(fact.endsWith('().c')).toBe(true);
    expect(factText('  a.b()', 0, 7)).toBe('a.b()');
  });
});
