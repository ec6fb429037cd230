import { describe, expect, it } from 'vitest';
import { compilePattern, PatternError } from '../../src/audit/regex/pattern.js';

describe('compilePattern', () => {
  it('matches a plain string exactly', () => {
    const p = compilePattern('exec');
    expect([p.test('exec'), p.test('execSync'), p.test('Exec')]).toEqual([true, false, false]);
  });

  it('treats /…/flags as a regular expression', () => {
    const p = compilePattern('/^token/i');
    expect([p.test('TokenBucket'), p.test('myToken')]).toEqual([true, false]);
  });

  it('matches a list when any element matches', () => {
    const p = compilePattern(['exec', '/Sync$/']);
    expect([p.test('exec'), p.test('spawnSync'), p.test('spawn')]).toEqual([true, true, false]);
  });

  it('stays a pure predicate with the g flag', () => {
    const p = compilePattern('/a/g');
    expect([p.test('a'), p.test('a'), p.test('a')]).toEqual([true, true, true]);
  });

  it('rejects a regular expression that does not compile', () => {
    expect(() => compilePattern('/(unclosed/')).toThrow(PatternError);
    expect(() => compilePattern('/(unclosed/')).toThrow(/invalid regular expression \/\(unclosed\//);
  });

  it('takes a lone slash as a plain string', () => {
    expect(compilePattern('/').test('/')).toBe(true);
  });
});
