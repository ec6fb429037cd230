import { describe, expect, it } from 'vitest';
import { AuditInputError, loadRuleSet } from '../../src/audit/index.js';
import { compilePattern } from '../../src/audit/regex/pattern.js';
import { oneSafeguardRule, tempTree } from './helpers.js';

/** Milliseconds one call of `pattern.test(input)` takes, with its answer. */
function timed(spec: string, input: string): { matched: boolean; ms: number } {
  const pattern = compilePattern(spec);
  const start = performance.now();
  const matched = pattern.test(input);
  return { matched, ms: performance.now() - start };
}

// The classic catastrophic patterns. V8 takes seconds on these inputs and doubles with every extra character
// (40 'a's do not finish); on the linear-time engine they take about a millisecond at any length.
describe('a rule pattern cannot hang the audit', () => {
  it('/^(a+)+$/ against a run of a and a final !', () => {
    const run = timed('/^(a+)+$/', `${'a'.repeat(26)}!`);
    expect(run.matched).toBe(false);
    expect(run.ms).toBeLessThan(250);
  });

  it('/(a|a)*b/ against a run of a', () => {
    const run = timed('/(a|a)*b/', 'a'.repeat(25));
    expect(run.matched).toBe(false);
    expect(run.ms).toBeLessThan(250);
  });

  it('/(\\w+\\s?)*$/ against words and a final !', () => {
    const run = timed('/(\\w+\\s?)*$/', `${'a'.repeat(25)}!`);
    expect(run.matched).toBe(true);
    expect(run.ms).toBeLessThan(250);
  });

  // Polynomial, not exponential: V8 tries about n^4 ways here, hours at this length. Short inputs run on V8, long
  // ones on the linear-time engine, with the same answers.
  it('/a.*a.*a.*b/ against a long run of a, and short inputs with either answer', () => {
    const run = timed('/a.*a.*a.*b/', 'a'.repeat(20_000));
    expect(run.matched).toBe(false);
    expect(run.ms).toBeLessThan(250);
    const p = compilePattern('/a.*a.*a.*b/');
    expect([p.test('aaab'), p.test('aab'), p.test(`${'a'.repeat(30)}b`)]).toEqual([true, false, true]);
  });

  it('keeps the JavaScript meaning of flags and classes', () => {
    const p = compilePattern('/^(get|list)\\w*$/i');
    expect([p.test('GetUser'), p.test('listAll'), p.test('deleteUser')]).toEqual([true, true, false]);
  });

  it('still runs lookaround without a nested quantifier, on the backtracking engine', () => {
    const p = compilePattern('/^(?!Object$)\\w+$/');
    expect([p.test('Object'), p.test('Objects'), p.test('a.b')]).toEqual([false, true, false]);
  });
});

describe('a pattern that needs backtracking and could explode is refused at load', () => {
  function loadError(rule: string): string {
    try {
      loadRuleSet([{ dir: tempTree({ 'r.yaml': rule }), bundled: false }]);
    } catch (error) {
      expect(error).toBeInstanceOf(AuditInputError);
      return (error as Error).message.replace(/\S*safeguard-test-[^/]+\//g, '');
    }
    throw new Error('expected the rule set to be rejected');
  }

  it('names the file, line, column and field', () => {
    const message = loadError(oneSafeguardRule("{ string: '/^(?=a)(a|a)*b/' }"));
    expect(message).toMatch(
      /^r\.yaml:7:\d+: safeguards\[0\]\.evidence\.string: regular expression \/\^\(\?=a\)\(a\|a\)\*b\/ refused: the repeated group \(a\|a\)\* can backtrack exponentially/,
    );
  });
});
