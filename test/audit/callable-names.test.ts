import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { calleeName, CallableNames } from '../../src/audit/matchers/callable-names.js';

const parse = (name: string, text: string) =>
  ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

// The first call of a file whose text is `text` (the node `invokes` would be given as a target).
function callNamed(file: ts.SourceFile, text: string): ts.Node {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (!found && ts.isCallExpression(n) && n.getText(file) === text) found = n;
    ts.forEachChild(n, visit);
  };
  visit(file);
  if (!found) throw new Error(`no call ${text}`);
  return found;
}

describe('CallableNames', () => {
  const bucket = parse(
    '/bucket.ts',
    `export function refill(state) { return Date.now() - state.at; }
export function take(state) { refill(state); return state.tokens > 0; }
export function unrelated() { return 1; }
export class Bucket {
  ['consume'](key) { return take(this.states.get(key)); }
}
`,
  );
  const server = parse(
    '/server.ts',
    `import { take as spend } from './bucket.js';
import limiterModule from './limiter.js';
import express from 'express';
const systemClock = () => Date.now();
class Limiter {
  constructor(options) { this.clock = options.clock ?? systemClock; }
  allow(key) { return spend(key); }
  format() { return unrelated(); }
}
function dispatch(handlers, kind) { return handlers[kind](); }
`,
  );
  const names = new CallableNames([bucket, server]);
  // Every clock read, as `invokes` is given the matches of `call: { callee: Date.now }`.
  const reaching = names.reachingNames([callNamed(bucket, 'Date.now()'), callNamed(server, 'Date.now()')]);

  it('follows callers by name from the function holding the target', () => {
    expect(reaching).toContain('refill');
    expect(reaching).toContain('take');
    expect(reaching).toContain('consume'); // a computed name written as a string is called as x.consume()
  });

  it('follows the names a function is passed on under', () => {
    expect(reaching).toContain('spend'); // import { take as spend }
    expect(reaching).toContain('allow'); // calls spend()
    expect(reaching).toContain('systemClock'); // holds a clock read
    expect(reaching).toContain('clock'); // this.clock = options.clock ?? systemClock
  });

  it("always keeps a binding of a project module's default export", () => {
    expect(reaching).toContain('limiterModule');
    expect(reaching).not.toContain('express'); // packages are never loaded: they run no project function
  });

  it('does not follow a call without a name (the checker resolves it to no function)', () => {
    expect(reaching).not.toContain('dispatch'); // handlers[kind]()
  });

  it('leaves out names no function reaching the target goes by', () => {
    expect(reaching).not.toContain('unrelated');
    expect(reaching).not.toContain('format');
  });

  it('names a call as the checker is asked about it', () => {
    expect(calleeName(callNamed(server, 'spend(key)') as ts.CallExpression)).toBe('spend');
    expect(calleeName(callNamed(server, 'handlers[kind]()') as ts.CallExpression)).toBeUndefined();
  });
});

describe('CallableNames with a bound on direct calls (invokes follows a few calls deep)', () => {
  const file = parse(
    '/chain.ts',
    `interface Clock { now(): number }
class SystemClock implements Clock { now() { return Date.now(); } }
function stamp(clock: Clock) { return clock.now(); }
function refill(state) { return state.at - stamp(state.clock); }
function take(state) { refill(state); return state.tokens > 0; }
function consume(key) { return take(lookup(key)); }
const pick = (options) => options.clock ?? readClock;
function readClock() { return performance.now(); }
class Gate {
  constructor(options) { this.read = options.read ?? readClock; }
  open() { return this.read(); }
}
function admit(gate) { return gate.open(); }
interface Meter { reading(): number }
class ClockMeter implements Meter { reading() { return this.clock.now(); } }
function sample(meter: Meter) { return meter.reading(); }
`,
  );
  const names = new CallableNames([file]);
  const targets = [callNamed(file, 'Date.now()'), callNamed(file, 'performance.now()')];

  it('names the functions holding a target, with no call followed', () => {
    const level = names.reachingNames(targets, 0);
    expect([...level].sort()).toEqual(['now', 'read', 'readClock']);
    expect(level).not.toContain('reading'); // holds this.clock.now(), a call, not a clock read
  });

  it('follows calls by an interface method or a bound field at no cost in hops', () => {
    const level = names.reachingNames(targets, 1);
    expect(level).toContain('stamp'); // clock.now() runs SystemClock.now through the Clock interface
    expect(level).toContain('open'); // this.read() runs readClock through a field
    // meter.reading() runs ClockMeter.reading, which reaches a clock through an interface itself: still no hop.
    expect(level).toContain('sample');
    // A direct call costs a hop, and the function it reaches must hold a target itself at the last one.
    expect(level).not.toContain('refill'); // stamp() is direct, and stamp holds no clock read itself
    expect(level).not.toContain('admit'); // gate.open() is direct, and open holds none itself
  });

  it('follows one more direct call per hop', () => {
    const level = names.reachingNames(targets, 2);
    expect(level).toContain('refill');
    expect(level).toContain('admit');
    expect(level).not.toContain('take'); // refill(), then stamp(): two direct calls before the interface
    expect(level).not.toContain('consume');
  });

  it('follows every call without a bound, as reaches does', () => {
    const all = names.reachingNames(targets);
    expect(all).toContain('take');
    expect(all).toContain('consume');
  });
});
