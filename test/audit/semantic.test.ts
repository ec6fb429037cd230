import { describe, expect, it } from 'vitest';
import { auditWith } from './helpers.js';

const rule = (evidence: string) => ({
  'r.yaml': `capability: c\ntitle: C\nsafeguards:\n  - id: s\n    title: S\n    weight: 1\n    evidence: ${evidence}\n`,
});

async function evidenceOf(sources: Record<string, string>, evidence: string): Promise<string[]> {
  const card = await auditWith(sources, rule(evidence));
  return card.capabilities[0]!.safeguards[0]!.evidence.map((e) => `${e.file}:${e.line}`);
}

describe('resolves-to', () => {
  const jwtVerify = '{ call: { resolves-to: { module: jose, export: jwtVerify } } }';

  it('follows a renamed import', async () => {
    const sources = { 'a.ts': "import { jwtVerify as verify } from 'jose';\nawait verify(t, k);\n" };
    expect(await evidenceOf(sources, jwtVerify)).toEqual(['a.ts:2']);
  });

  it('follows a namespace import', async () => {
    const sources = { 'a.ts': "import * as jose from 'jose';\nawait jose.jwtVerify(t, k);\n" };
    expect(await evidenceOf(sources, jwtVerify)).toEqual(['a.ts:2']);
  });

  it('follows require with destructuring and a const alias', async () => {
    const sources = {
      'a.js': "const { jwtVerify } = require('jose');\nconst check = jwtVerify;\ncheck(t, k);\n",
    };
    expect(await evidenceOf(sources, jwtVerify)).toEqual(['a.js:3']);
  });

  it('follows re-exports through project files', async () => {
    const sources = {
      'auth/index.ts': "export { jwtVerify as verifyJwt } from 'jose';\n",
      'server.ts': "import { verifyJwt } from './auth/index.js';\nverifyJwt(t, k);\n",
    };
    expect(await evidenceOf(sources, jwtVerify)).toEqual(['server.ts:2']);
  });

  it('does not count a local function that merely has the name', async () => {
    const sources = { 'a.ts': 'function jwtVerify(t: string) { return t; }\njwtVerify(t);\n' };
    expect(await evidenceOf(sources, jwtVerify)).toEqual([]);
  });

  it('matches default imports as export default', async () => {
    const sources = {
      'a.ts': "import rateLimit from 'express-rate-limit';\napp.use(rateLimit({ windowMs: 1000 }));\n",
      'b.ts': 'function rateLimit(o: object) { return o; }\nrateLimit({});\n',
    };
    expect(
      await evidenceOf(sources, '{ call: { resolves-to: { module: express-rate-limit, export: default } } }'),
    ).toEqual(['a.ts:2']);
  });

  it('treats node: built-ins and their bare names alike', async () => {
    const sources = { 'a.ts': "import { timingSafeEqual } from 'node:crypto';\ntimingSafeEqual(a, b);\n" };
    expect(
      await evidenceOf(sources, '{ call: { resolves-to: { module: crypto, export: timingSafeEqual } } }'),
    ).toEqual(['a.ts:2']);
  });

  it('resolves new expressions and decorators', async () => {
    const sources = {
      'a.ts':
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { Injectable as I } from '@nestjs/common';\nconst s = new McpServer({});\n@I()\nclass C {}\n",
    };
    expect(
      await evidenceOf(
        sources,
        "{ new: { resolves-to: { module: '/^@modelcontextprotocol\\/sdk/', export: McpServer } } }",
      ),
    ).toEqual(['a.ts:3']);
    expect(
      await evidenceOf(
        sources,
        "{ decorator: { resolves-to: { module: '@nestjs/common', export: Injectable } } }",
      ),
    ).toEqual(['a.ts:4']);
  });
});

describe('reaches', () => {
  const handlerFile = (body: string) => ({
    'server.ts': [
      "import { guard } from './guard.js';",
      'server.setRequestHandler(CallToolRequestSchema, async (request) => {',
      body,
      '});',
    ].join('\n'),
    'guard.ts': 'export function guard() {\n  limiter.allowRequest(p);\n}\n',
  });
  const reaches = (before = '') =>
    `{ reaches: { from: { call: { name: setRequestHandler, args: [{ index: 0, text: CallToolRequestSchema }] } }, to: { call: { name: allowRequest } }${before} } }`;

  it('follows calls from a handler callback into project functions', async () => {
    expect(await evidenceOf(handlerFile('  guard();\n  return run(request);'), reaches())).toEqual([
      'guard.ts:2',
    ]);
  });

  it('finds nothing when the handler never calls the guard', async () => {
    expect(await evidenceOf(handlerFile('  return run(request);'), reaches())).toEqual([]);
  });

  it('with before, needs the guard ahead of the blocking call', async () => {
    const before = ', before: { call: { name: executeTool } }';
    expect(
      await evidenceOf(handlerFile('  guard();\n  return executeTool(request);'), reaches(before)),
    ).toEqual(['guard.ts:2']);
    expect(
      await evidenceOf(
        handlerFile('  const r = executeTool(request);\n  guard();\n  return r;'),
        reaches(before),
      ),
    ).toEqual([]);
  });

  it('follows method calls through the type of a field', async () => {
    const sources = {
      'limiter.ts':
        'export class Limiter {\n  check(p: string) {\n    return this.bucket.allowRequest(p);\n  }\n}\n',
      'server.ts': [
        "import { Limiter } from './limiter.js';",
        'export class S {',
        '  private limiter = new Limiter();',
        '  handle(p: string) {',
        '    this.limiter.check(p);',
        '  }',
        '}',
      ].join('\n'),
    };
    const evidence =
      '{ reaches: { from: { method: { name: handle } }, to: { call: { name: allowRequest } } } }';
    expect(await evidenceOf(sources, evidence)).toEqual(['limiter.ts:3']);
  });

  it('terminates on recursive calls', async () => {
    const sources = { 'a.ts': 'function a() { b(); }\nfunction b() { a(); allowRequest(); }\n' };
    const evidence = '{ reaches: { from: { function: { name: a } }, to: { call: { name: allowRequest } } } }';
    expect(await evidenceOf(sources, evidence)).toEqual(['a.ts:2']);
  });
});
