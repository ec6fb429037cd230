import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRuleTests } from '../../src/audit/index.js';

describe('rules test', () => {
  it('passes when every fixture outcome and violation line agrees with the rules', async () => {
    const report = await runRuleTests(path.resolve('test/audit/fixtures/rules-basic'));
    expect(report).toEqual({ ruleFiles: 1, fixtures: 4, checks: 13, failures: [], passed: true });
  });

  it('names the safeguard and the fixture file of every disagreement', async () => {
    const report = await runRuleTests(path.resolve('test/audit/fixtures/rules-failing'));
    const fixtures = 'test/audit/fixtures/rules-failing/wrong-expectations/fixtures';
    const fixture = `${fixtures}/claims.ts`;
    expect(report.passed).toBe(false);
    expect(report.failures.map((f) => [f.safeguard, f.fixture, f.message])).toEqual([
      ['no-exec', fixture, 'expected a violation at claims.ts:4, none reported'],
      ['no-exec', fixture, 'reported a violation at claims.ts:6, which is marked ok'],
      ['uses-limiter', fixture, 'expected satisfied, got missing'],
      [
        'uses-limiter',
        '',
        `needs at least one where it holds and one where it does not among the fixtures in ${fixtures}`,
      ],
      [
        'no-exec',
        '',
        `needs at least one where it holds and one where it does not among the fixtures in ${fixtures}`,
      ],
    ]);
  });
});
