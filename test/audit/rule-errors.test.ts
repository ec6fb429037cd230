import { describe, expect, it } from 'vitest';
import { AuditInputError, loadRuleSet } from '../../src/audit/index.js';
import { oneSafeguardRule, tempTree } from './helpers.js';

function loadError(files: Record<string, string>, bundledFiles?: Record<string, string>): string {
  const dirs = [];
  if (bundledFiles) dirs.push({ dir: tempTree(bundledFiles), bundled: true });
  dirs.push({ dir: tempTree(files), bundled: false });
  try {
    loadRuleSet(dirs);
  } catch (error) {
    expect(error).toBeInstanceOf(AuditInputError);
    // Rule files live in temp dirs here; drop those directories so the messages can be compared.
    return (error as Error).message.replace(/\S*safeguard-test-[^/]+\//g, '');
  }
  throw new Error('expected the rule set to be rejected');
}

describe('rule file errors name file, line, column and field', () => {
  it('a YAML syntax error', () => {
    expect(loadError({ 'bad.yaml': 'capability: x\ntitle: [unclosed\n' })).toMatch(
      /^bad\.yaml:3:1: YAML syntax error: /,
    );
  });

  it('an unknown matcher', () => {
    const message = loadError({ 'r.yaml': oneSafeguardRule('{ any: [{ calls: { name: exec } }] }') });
    expect(message).toBe("r.yaml:7:25: safeguards[0].evidence.any[0].calls: unknown field 'calls'");
  });

  it('a wrong type', () => {
    const message = loadError({
      'r.yaml': oneSafeguardRule('{ call: { name: exec } }').replace('weight: 10', 'weight: heavy'),
    });
    expect(message).toBe('r.yaml:6:13: safeguards[0].weight: must be integer');
  });

  it('a weight of zero', () => {
    const message = loadError({
      'r.yaml': oneSafeguardRule('{ call: { name: exec } }').replace('weight: 10', 'weight: 0'),
    });
    expect(message).toBe('r.yaml:6:13: safeguards[0].weight: must be >= 1');
  });

  it('a missing required field', () => {
    expect(loadError({ 'r.yaml': 'capability: x\nsafeguards: [{}]\n' }).split('\n')).toEqual([
      "r.yaml:1:1: missing required field 'title'",
      "r.yaml:2:14: safeguards[0]: missing required field 'id'",
      "r.yaml:2:14: safeguards[0]: missing required field 'title'",
      "r.yaml:2:14: safeguards[0]: missing required field 'weight'",
      "r.yaml:2:14: safeguards[0]: missing required field 'evidence'",
    ]);
  });

  it('every problem of every file, one line each, in the order of the files and their text', () => {
    const lines = loadError({
      'a.yaml': oneSafeguardRule("{ call: { name: '/(exec/' } }").replace('weight: 10', 'weight: heavy'),
      'b.yaml': 'capability: b\ntitle: [oops\n',
      'c.yaml': oneSafeguardRule('{ calls: { name: exec } }').replace(
        'capability: test-capability',
        'capability: c',
      ),
    }).split('\n');
    expect(lines).toEqual([
      'a.yaml:6:13: safeguards[0].weight: must be integer',
      expect.stringMatching(/^b\.yaml:3:1: YAML syntax error: /),
      "c.yaml:7:17: safeguards[0].evidence.calls: unknown field 'calls'",
    ]);
  });

  it('the first problem of each safeguard whose matchers do not compile', () => {
    const rule = oneSafeguardRule("{ call: { name: '/(a/' } }");
    const second = rule.slice(rule.indexOf('  - id:')).replace('the-safeguard', 'second').replace('(a', '[b');
    const lines = loadError({ 'r.yaml': `${rule}${second}` }).split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^r\.yaml:7:\d+: safeguards\[0\]\.evidence\.call\.name: invalid regular expression/,
      ),
      expect.stringMatching(
        /^r\.yaml:\d+:\d+: safeguards\[1\]\.evidence\.call\.name: invalid regular expression/,
      ),
    ]);
  });

  it('a regular expression that does not compile', () => {
    const message = loadError({ 'r.yaml': oneSafeguardRule("{ call: { name: '/(exec/' } }") });
    expect(message).toMatch(
      /^r\.yaml:7:\d+: safeguards\[0\]\.evidence\.call\.name: invalid regular expression \/\(exec\//,
    );
  });

  it('two matchers in one map', () => {
    const message = loadError({ 'r.yaml': oneSafeguardRule('{ call: { name: a }, new: { name: b } }') });
    expect(message).toMatch(/safeguards\[0\]\.evidence: a matcher has exactly one key, found call, new/);
  });

  it('a duplicate safeguard id across files', () => {
    const other = oneSafeguardRule('{ call: { name: a } }').replace(
      'capability: test-capability',
      'capability: other',
    );
    const message = loadError({ 'a.yaml': oneSafeguardRule('{ call: { name: a } }'), 'b.yaml': other });
    expect(message).toMatch(
      /^b\.yaml:4:9: safeguards\[0\]\.id: duplicates safeguard 'the-safeguard' of a\.yaml$/,
    );
  });

  it('a user rule that redefines a bundled id', () => {
    const bundled = { 'bundled.yaml': oneSafeguardRule('{ call: { name: a } }') };
    const user = oneSafeguardRule('{ call: { name: b } }').replace(
      'capability: test-capability',
      'capability: mine',
    );
    expect(loadError({ 'user.yaml': user }, bundled)).toMatch(
      /^user\.yaml:4:9: safeguards\[0\]\.id: redefines the bundled safeguard 'the-safeguard'/,
    );
  });

  it('an empty rule directory', () => {
    expect(loadError({ 'README.md': 'no rules here' })).toMatch(/^no rule files \(\*\.yaml\) in /);
  });
});
