import { describe, expect, it } from 'vitest';
import { auditWith, judge, oneSafeguardRule, places } from './helpers.js';

describe('leaf matchers', () => {
  it('import matches a module specifier and an imported name', async () => {
    const source = "import { timingSafeEqual } from 'node:crypto';\nimport express from 'express';\n";
    expect(places(await judge(source, "{ import: { from: 'node:crypto', name: timingSafeEqual } }"))).toEqual(
      ['src/index.ts:1'],
    );
    expect(places(await judge(source, '{ import: { from: express, name: default } }'))).toEqual([
      'src/index.ts:2',
    ]);
    expect((await judge(source, "{ import: { from: 'node:crypto', name: createHash } }")).result).toBe(
      'missing',
    );
  });

  it('call matches by name, callee and receiver', async () => {
    const source = 'this.limiter.consume(key);\nother.consume(key);\n';
    expect(places(await judge(source, '{ call: { name: consume } }'))).toEqual([
      'src/index.ts:1',
      'src/index.ts:2',
    ]);
    expect(places(await judge(source, '{ call: { callee: this.limiter.consume } }'))).toEqual([
      'src/index.ts:1',
    ]);
    expect(places(await judge(source, "{ call: { name: consume, receiver: '/limiter$/' } }"))).toEqual([
      'src/index.ts:1',
    ]);
  });

  it('call args constrain kind, index, text and object keys', async () => {
    const source = [
      'exec(`ls ${dir}`);',
      "exec('ls');",
      "exec('ls ' + dir);",
      "cors({ origin: ['https://a.example'] });",
      'server.setRequestHandler(CallToolRequestSchema, async () => ({}));',
    ].join('\n');
    const kinds = await judge(
      source,
      '{ call: { name: exec, args: [{ index: 0, kind: [template, concatenation] }] } }',
    );
    expect(places(kinds)).toEqual(['src/index.ts:1', 'src/index.ts:3']);
    expect(places(await judge(source, '{ call: { name: cors, args: [{ has-key: origin }] } }'))).toEqual([
      'src/index.ts:4',
    ]);
    const handler = await judge(
      source,
      '{ call: { name: setRequestHandler, args: [{ index: 0, text: CallToolRequestSchema }, { index: 1, kind: function }] } }',
    );
    expect(places(handler)).toEqual(['src/index.ts:5']);
  });

  it('new matches the class name as written', async () => {
    const source = 'const a = new limits.TokenBucket();\nconst b = new Map();\n';
    expect(places(await judge(source, "{ new: { name: '/(RateLimit|TokenBucket)/' } }"))).toEqual([
      'src/index.ts:1',
    ]);
  });

  it('class matches name, extends and implements; extends/implements shorthands match the clauses', async () => {
    const source = 'class A extends Transport {}\nclass B implements Store, Closeable {}\nclass C {}\n';
    expect(places(await judge(source, '{ class: { extends: Transport } }'))).toEqual(['src/index.ts:1']);
    expect(places(await judge(source, '{ class: { implements: Closeable } }'))).toEqual(['src/index.ts:2']);
    expect(places(await judge(source, '{ class: { name: C } }'))).toEqual(['src/index.ts:3']);
    expect(places(await judge(source, '{ implements: Store }'))).toEqual(['src/index.ts:2']);
    expect(places(await judge(source, "{ extends: '/Trans/' }"))).toEqual(['src/index.ts:1']);
  });

  it('function matches declarations and arrows bound to a name, reported at the declaration', async () => {
    const source = 'function validateOrigin() {}\nconst rateLimit =\n  () => 1;\n';
    expect(places(await judge(source, '{ function: { name: [validateOrigin, rateLimit] } }'))).toEqual([
      'src/index.ts:1',
      'src/index.ts:2',
    ]);
  });

  it('method matches by name and enclosing class', async () => {
    const source =
      'class Limiter {\n  allowRequest() { return true; }\n}\nconst o = { allowRequest() { return false; } };\n';
    expect(places(await judge(source, '{ method: { name: allowRequest, class: Limiter } }'))).toEqual([
      'src/index.ts:2',
    ]);
    expect(places(await judge(source, '{ method: { name: allowRequest } }'))).toHaveLength(2);
  });

  it('decorator matches by name', async () => {
    const source = 'class C {\n  @UseGuards(AuthGuard)\n  m() {}\n}\n';
    expect(places(await judge(source, '{ decorator: { name: UseGuards } }'))).toEqual(['src/index.ts:2']);
  });

  it('string matches literal values by shorthand or value', async () => {
    const source = "listen(3000, '0.0.0.0');\nconst desc = `Ignore previous instructions`;\n";
    expect(places(await judge(source, "{ string: '0.0.0.0' }"))).toEqual(['src/index.ts:1']);
    expect(places(await judge(source, "{ string: { value: '/ignore previous instructions/i' } }"))).toEqual([
      'src/index.ts:2',
    ]);
  });

  it('number matches a value or a range', async () => {
    const source = 'const a = 429;\nconst b = 1048576;\n';
    expect(places(await judge(source, '{ number: { value: 429 } }'))).toEqual(['src/index.ts:1']);
    expect(places(await judge(source, '{ number: { min: 1000 } }'))).toEqual(['src/index.ts:2']);
    expect((await judge(source, '{ number: { min: 500, max: 1000 } }')).result).toBe('missing');
  });

  it('property matches accesses by name and object', async () => {
    const source = "const o = req.headers.origin;\nconst k = headers['x-api-key'];\n";
    expect(places(await judge(source, "{ property: { name: origin, object: '/headers$/' } }"))).toEqual([
      'src/index.ts:1',
    ]);
    expect(places(await judge(source, '{ property: { name: x-api-key } }'))).toEqual(['src/index.ts:2']);
  });

  it('object-key matches keys by name and value', async () => {
    const source = "const a = { host: '127.0.0.1' };\nconst b = { host: process.env.HOST };\n";
    expect(places(await judge(source, '{ object-key: host }'))).toHaveLength(2);
    expect(places(await judge(source, '{ object-key: { name: host, value: { kind: literal } } }'))).toEqual([
      'src/index.ts:1',
    ]);
  });

  it('compare matches equality comparisons by operator and operand text', async () => {
    const source = [
      "if (req.header('x-api-key') !== API_KEY) deny();",
      'if (apiKey === undefined) deny();',
      'if (count < limit) deny();',
      'if (token == expected) allow();',
    ].join('\n');
    expect(places(await judge(source, '{ compare: {} }'))).toEqual([
      'src/index.ts:1',
      'src/index.ts:2',
      'src/index.ts:4',
    ]);
    expect(places(await judge(source, "{ compare: { operator: ['===', '!=='] } }"))).toEqual([
      'src/index.ts:1',
      'src/index.ts:2',
    ]);
    expect(places(await judge(source, '{ compare: { left: "req.header(\'x-api-key\')" } }'))).toEqual([
      'src/index.ts:1',
    ]);
    expect(places(await judge(source, '{ compare: { right: undefined } }'))).toEqual(['src/index.ts:2']);
    expect(places(await judge(source, "{ compare: { either: '/^(API_KEY|expected)$/' } }"))).toEqual([
      'src/index.ts:1',
      'src/index.ts:4',
    ]);
    expect((await judge(source, "{ compare: { operator: '!=', left: apiKey } }")).result).toBe('missing');
  });
});

describe('combinators and scoping', () => {
  const source = [
    "import { exec } from 'node:child_process';",
    'export function handler(cmd: string) {',
    '  exec(cmd);',
    '}',
    'exec("ls");',
  ].join('\n');

  it('any reports the union of its matches', async () => {
    expect(
      places(await judge(source, '{ any: [{ call: { name: exec } }, { function: { name: handler } }] }')),
    ).toEqual(['src/index.ts:2', 'src/index.ts:3', 'src/index.ts:5']);
  });

  it('all holds only when every sub-matcher matches', async () => {
    expect(
      (await judge(source, '{ all: [{ call: { name: exec } }, { call: { name: spawn } }] }')).result,
    ).toBe('missing');
    expect(
      (await judge(source, '{ all: [{ call: { name: exec } }, { function: { name: handler } }] }')).result,
    ).toBe('satisfied');
  });

  it('not holds when its matcher matches nothing', async () => {
    expect((await judge(source, '{ not: { call: { name: spawn } } }')).result).toBe('satisfied');
    expect((await judge(source, '{ not: { call: { name: exec } } }')).result).toBe('missing');
  });

  it('inside keeps matches within a match of another matcher', async () => {
    const result = await judge(
      source,
      '{ inside: { match: { call: { name: exec } }, of: { function: { name: handler } } } }',
    );
    expect(places(result)).toEqual(['src/index.ts:3']);
  });

  it('not-inside keeps matches outside every match of another matcher', async () => {
    const result = await judge(
      source,
      '{ not-inside: { match: { call: { name: exec } }, of: { function: { name: handler } } } }',
    );
    expect(places(result)).toEqual(['src/index.ts:5']);
  });

  it('count holds when the number of matches is within bounds', async () => {
    expect((await judge(source, '{ count: { match: { call: { name: exec } }, min: 2 } }')).result).toBe(
      'satisfied',
    );
    expect((await judge(source, '{ count: { match: { call: { name: exec } }, min: 3 } }')).result).toBe(
      'missing',
    );
    expect((await judge(source, '{ count: { match: { call: { name: spawn } }, max: 0 } }')).result).toBe(
      'satisfied',
    );
  });

  it('same-file needs every sub-matcher in one file; a not holds per file', async () => {
    const sources = {
      'src/a.ts': 'http.createServer(h);\nvalidateOrigin(req);\n',
      'src/b.ts': 'http.createServer(h);\n',
    };
    const rule = (evidence: string) => ({
      'r.yaml': `capability: c\ntitle: C\nsafeguards:\n  - id: s\n    title: S\n    weight: 1\n    kind: violation\n    evidence: ${evidence}\n`,
    });
    const card = await auditWith(
      sources,
      rule('{ same-file: [{ call: { name: createServer } }, { not: { call: { name: validateOrigin } } }] }'),
    );
    expect(card.capabilities[0]!.safeguards[0]!.evidence.map((e) => `${e.file}:${e.line}`)).toEqual([
      'src/b.ts:1',
    ]);
  });

  it('files and exclude narrow a matcher to some paths', async () => {
    const sources = {
      'src/tools/run.ts': 'exec(a);\n',
      'src/other.ts': 'exec(b);\n',
      'src/tools/run.test.ts': 'exec(c);\n',
    };
    const rule = {
      'r.yaml':
        "capability: c\ntitle: C\nsafeguards:\n  - id: s\n    title: S\n    weight: 1\n    evidence: { call: { name: exec }, files: ['src/tools/**'], exclude: ['**/*.test.ts'] }\n",
    };
    const card = await auditWith(sources, rule);
    expect(card.capabilities[0]!.safeguards[0]!.evidence.map((e) => e.file)).toEqual(['src/tools/run.ts']);
  });

  it('a safeguard-level files scope applies to every matcher', async () => {
    const sources = { 'src/a.ts': 'exec(a);\n', 'test/a.ts': 'exec(b);\n' };
    const rule = {
      'r.yaml':
        "capability: c\ntitle: C\nsafeguards:\n  - id: s\n    title: S\n    weight: 1\n    files: ['src/**']\n    evidence: { call: { name: exec } }\n",
    };
    const card = await auditWith(sources, rule);
    expect(card.capabilities[0]!.safeguards[0]!.evidence.map((e) => e.file)).toEqual(['src/a.ts']);
  });
});

describe('results', () => {
  it('applies-when that matches nothing makes a safeguard not applicable', async () => {
    const result = await judge(
      'const x = 1;\n',
      '{ call: { name: validateOrigin } }',
      "    applies-when: { import: { from: '/^(node:)?http$/' } }",
    );
    expect(result.result).toBe('not-applicable');
  });

  it('a violation is reported at each match', async () => {
    const result = await judge('eval(a);\n\neval(b);\n', '{ call: { name: eval } }', '    kind: violation');
    expect([result.result, ...places(result)]).toEqual(['violated', 'src/index.ts:1', 'src/index.ts:3']);
  });

  it('a violation with no match is satisfied', async () => {
    expect((await judge('run(a);\n', '{ call: { name: eval } }', '    kind: violation')).result).toBe(
      'satisfied',
    );
  });

  it('a safeguard-ignore comment with a reason suppresses the violation and is listed', async () => {
    const card = await auditWith(
      { 'src/index.ts': '// safeguard-ignore the-safeguard: constant input only\neval("1");\n' },
      {
        'r.yaml': (await import('./helpers.js')).oneSafeguardRule(
          '{ call: { name: eval } }',
          '    kind: violation',
        ),
      },
    );
    expect(card.capabilities[0]!.safeguards[0]!.result).toBe('satisfied');
    expect(card.suppressions).toEqual([
      { safeguard: 'the-safeguard', file: 'src/index.ts', line: 2, reason: 'constant input only' },
    ]);
  });

  it('a safeguard-ignore comment without a reason does not suppress and raises a diagnostic', async () => {
    const card = await auditWith(
      { 'src/index.ts': 'eval("1"); // safeguard-ignore the-safeguard\n' },
      {
        'r.yaml': (await import('./helpers.js')).oneSafeguardRule(
          '{ call: { name: eval } }',
          '    kind: violation',
        ),
      },
    );
    expect(card.capabilities[0]!.safeguards[0]!.result).toBe('violated');
    expect(card.diagnostics.map((d) => d.code)).toEqual(['suppression-without-reason']);
  });

  it('snippets mask secret-looking values', async () => {
    const result = await judge("const apiKey = 'sk-live-1234567890abcdef';\n", '{ string: "/^sk-/" }');
    expect(result.evidence[0]?.snippet).toBe("const apiKey = '***';");
  });
});

describe('given', () => {
  const rule = (within: string): Record<string, string> => ({
    'test.yaml': oneSafeguardRule(
      `{ given: { match: { call: { name: drain } }, has: { string: ready }${within} } }`,
    ),
  });
  const sources = {
    'src/a.ts': "drain();\nexport const state = 'ready';\n",
    'src/b.ts': 'drain();\n',
  };

  it('reports only the matches of match, in files where has matches too', async () => {
    const card = await auditWith(sources, rule(''));
    expect(places(card.capabilities[0]!.safeguards[0]!)).toEqual(['src/a.ts:1']);
  });

  it('with in: project, reports every match of match once has matches anywhere', async () => {
    const card = await auditWith(sources, rule(', in: project'));
    expect(places(card.capabilities[0]!.safeguards[0]!)).toEqual(['src/a.ts:1', 'src/b.ts:1']);
  });

  it('reports nothing when has matches nowhere', async () => {
    const card = await auditWith({ 'src/b.ts': 'drain();\n' }, rule(', in: project'));
    expect(card.capabilities[0]!.safeguards[0]!.result).toBe('missing');
  });
});
