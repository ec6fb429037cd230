import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { collectFacts } from '../../src/audit/facts/collect.js';
import { FactFilter } from '../../src/audit/facts/filter.js';
import { compilePattern } from '../../src/audit/regex/pattern.js';

function factsOf(source: string, fileName = 'x.ts') {
  const sourceFile = ts.createSourceFile(`/${fileName}`, source, ts.ScriptTarget.Latest, true);
  return collectFacts(fileName, sourceFile);
}

describe('collectFacts', () => {
  it('records every import form with module and original names', () => {
    const facts = factsOf(`
      import def, { a as b, c } from 'm1';
      import * as ns from 'm2';
      import 'm3';
      export { d } from 'm4';
      export * from 'm5';
      import e = require('m6');
      const { f, g: h } = require('m7');
      const i = require('m8').j;
      const k = await import('m9');
    `);
    expect(facts.imports.map((i) => [i.from, i.names])).toEqual([
      ['m1', ['default', 'a', 'c']],
      ['m2', ['*']],
      ['m3', []],
      ['m4', ['d']],
      ['m5', ['*']],
      ['m6', ['*']],
      ['m7', ['f', 'g']],
      ['m8', ['j']],
      ['m9', ['*']],
    ]);
  });

  it('records calls with name, whole callee and receiver', () => {
    const facts = factsOf('this.limiter.consume(key); run(); a.b(c.d).e(); obj["go"]();');
    expect(facts.calls.map((c) => [c.name, c.callee, c.receiver])).toEqual([
      ['consume', 'this.limiter.consume', 'this.limiter'],
      ['run', 'run', ''],
      ['e', 'a.b(c.d).e', 'a.b(c.d)'],
      ['b', 'a.b', 'a'],
      ['go', 'obj["go"]', ''],
    ]);
  });

  it('removes whitespace from callee text', () => {
    const facts = factsOf('server\n  .tool\n  .register(x);');
    expect(facts.calls[0]?.callee).toBe('server.tool.register');
  });

  it('records new expressions by class name', () => {
    const facts = factsOf('new RateLimiter({}); new limits.TokenBucket();');
    expect(facts.news.map((n) => n.name)).toEqual(['RateLimiter', 'TokenBucket']);
  });

  it('records classes with their heritage', () => {
    const facts = factsOf('class A extends events.Base implements T1, T2 {} const B = class {};');
    expect(facts.classes.map((c) => [c.name, c.extends, c.implements])).toEqual([
      ['A', 'events.Base', ['T1', 'T2']],
      ['B', '', []],
    ]);
    expect(facts.extends.map((e) => e.text)).toEqual(['events.Base']);
    expect(facts.implements.map((e) => e.text)).toEqual(['T1', 'T2']);
  });

  it('records the heritage of classes only, not the types an interface extends', () => {
    const facts = factsOf('interface I extends Base {} class C extends Base {}');
    expect(facts.extends.map((e) => e.text)).toEqual(['Base']);
    expect(facts.classes.map((c) => c.name)).toEqual(['C']);
  });

  it('records named functions, including arrows bound to a name, and not anonymous callbacks', () => {
    const facts = factsOf(`
      function a() {}
      const b = () => 1;
      const o = { c: () => 2, d: function () {} };
      x.e = function () {};
      class K { f = () => 3; }
      list.map((v) => v);
    `);
    expect(facts.functions.map((f) => f.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('records methods, accessors and constructors with the enclosing class', () => {
    const facts = factsOf(
      'class S { constructor() {} get n() { return 1; } run() {} } const o = { go() {} };',
    );
    expect(facts.methods.map((m) => [m.name, m.className])).toEqual([
      ['constructor', 'S'],
      ['n', 'S'],
      ['run', 'S'],
      ['go', ''],
    ]);
  });

  it('records decorators by their last identifier', () => {
    const facts = factsOf('class C { @Auth.Guard() @Log m() {} }');
    expect(facts.decorators.map((d) => d.name)).toEqual(['Guard', 'Log']);
  });

  it('records string, template and number literals', () => {
    const facts = factsOf(
      'const s = "a"; const t = `b${x}c`; const u = `d`; const n = 1_000; const m = 0x10;',
    );
    expect(facts.strings.map((s) => s.value)).toEqual(['a', 'b', 'c', 'd']);
    expect(facts.numbers.map((n) => n.value)).toEqual([1000, 16]);
  });

  it('records property and element accesses with their object', () => {
    const facts = factsOf('req.headers.origin; headers["x-api-key"];');
    expect(facts.properties.map((p) => [p.name, p.object])).toEqual([
      ['origin', 'req.headers'],
      ['headers', 'req'],
      ['x-api-key', 'headers'],
    ]);
  });

  it('records object-literal keys: assignments, shorthands and methods', () => {
    const facts = factsOf('const o = { host: "h", port, "max-age": 1, handler() {} };');
    expect(facts.objectKeys.map((k) => k.name)).toEqual(['host', 'port', 'max-age', 'handler']);
  });

  it('records comparisons with their operator and operand texts, not assignments or arithmetic', () => {
    const facts = factsOf(
      'a === b; x !==  /* c */ y.z; p == q; r != s; t < u; e instanceof E; v = w; m + n;',
    );
    expect(facts.comparisons.map((c) => [c.left, c.operator, c.right])).toEqual([
      ['a', '===', 'b'],
      ['x', '!==', 'y.z'],
      ['p', '==', 'q'],
      ['r', '!=', 's'],
      ['t', '<', 'u'],
      ['e', 'instanceof', 'E'],
    ]);
  });

  it('reads safeguard-ignore comments with their reasons', () => {
    const facts = factsOf('// safeguard-ignore no-eval: trusted input\neval(x); // safeguard-ignore other\n');
    expect(facts.suppressions).toEqual([
      { safeguard: 'no-eval', line: 1, reason: 'trusted input' },
      { safeguard: 'other', line: 2, reason: '' },
    ]);
  });
});

describe('collectFacts with a filter', () => {
  const source = 'exec(a); spawn(b); this.limiter.consume(k); req.headers.origin; other.origin;';
  const parse = () => ts.createSourceFile('/x.ts', source, ts.ScriptTarget.Latest, true);

  it('records only the calls whose name some rule can match', () => {
    const filter = new FactFilter([{ kind: 'calls', key: compilePattern('/^(exec|execSync)$/') }]);
    const facts = collectFacts('x.ts', parse(), filter);
    expect([facts.calls.map((c) => c.name), facts.properties.length]).toEqual([['exec'], 0]);
  });

  it('selects calls by receiver and accesses by object when a rule has no name', () => {
    const filter = new FactFilter([
      { kind: 'calls', key: undefined, text: { field: 'receiver', pattern: compilePattern('/limiter$/') } },
      {
        kind: 'properties',
        key: undefined,
        text: { field: 'object', pattern: compilePattern('req.headers') },
      },
    ]);
    const facts = collectFacts('x.ts', parse(), filter);
    expect([facts.calls.map((c) => c.callee), facts.properties.map((p) => p.object)]).toEqual([
      ['this.limiter.consume'],
      ['req.headers'],
    ]);
  });

  it('records comparisons only when a rule asks about them, and only with the operators it names', () => {
    const comparing = 'a === b; c !== d; e == f;';
    const tree = () => ts.createSourceFile('/x.ts', comparing, ts.ScriptTarget.Latest, true);
    const none = collectFacts('x.ts', tree(), new FactFilter([{ kind: 'calls', key: undefined }]));
    const strict = collectFacts(
      'x.ts',
      tree(),
      new FactFilter([{ kind: 'comparisons', key: compilePattern(['===', '!==']) }]),
    );
    expect([none.comparisons.length, strict.comparisons.map((c) => c.operator)]).toEqual([0, ['===', '!==']]);
  });

  it('records one kind from a node another kind also reads, without the other', () => {
    const tree = ts.createSourceFile(
      '/x.ts',
      'const fs = require("fs"); run();',
      ts.ScriptTarget.Latest,
      true,
    );
    const facts = collectFacts('x.ts', tree, new FactFilter([{ kind: 'imports', key: undefined }]));
    expect([facts.imports.map((i) => i.from), facts.calls.length]).toEqual([['fs'], 0]);
  });

  it('records the heritage a rule asks about without recording the classes', () => {
    const tree = ts.createSourceFile(
      '/x.ts',
      'class A extends B implements C {}',
      ts.ScriptTarget.Latest,
      true,
    );
    const facts = collectFacts('x.ts', tree, new FactFilter([{ kind: 'extends', key: undefined }]));
    expect([facts.extends.map((e) => e.text), facts.implements.length, facts.classes.length]).toEqual([
      ['B'],
      0,
      0,
    ]);
  });

  it('records every fact of a kind a rule asks about without a key', () => {
    const facts = collectFacts('x.ts', parse(), new FactFilter([{ kind: 'calls', key: undefined }]));
    expect(facts.calls.map((c) => c.name)).toEqual(['exec', 'spawn', 'consume']);
  });
});
