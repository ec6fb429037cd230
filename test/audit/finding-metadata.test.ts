import { describe, expect, it } from 'vitest';
import { AuditInputError, BUNDLED_RULES_DIR, loadRuleSet } from '../../src/audit/index.js';
import { oneSafeguardRule, tempTree } from './helpers.js';

const load = (extra: string) =>
  loadRuleSet([
    { dir: tempTree({ 'r.yaml': oneSafeguardRule('{ call: { name: exec } }', extra) }), bundled: false },
  ]).capabilities[0]!.safeguards[0]!;

function loadError(extra: string): string {
  try {
    load(extra);
  } catch (error) {
    expect(error).toBeInstanceOf(AuditInputError);
    return (error as Error).message.replace(/\S*safeguard-test-[^/]+\//g, '');
  }
  throw new Error('expected the rule file to be rejected');
}

describe('finding metadata of violation safeguards', () => {
  it('is read as written', () => {
    const safeguard = load(
      [
        '    kind: violation',
        '    severity: error',
        '    confidence: high',
        '    cwe: [CWE-78]',
        "    owasp-mcp: ['MCP05:2025']",
        '    message: Tool input reaches a shell command',
      ].join('\n'),
    );
    expect(safeguard.finding).toEqual({
      severity: 'error',
      confidence: 'high',
      cwe: ['CWE-78'],
      owaspMcp: ['MCP05:2025'],
      message: 'Tool input reaches a shell command',
    });
  });

  it('a violation without metadata still loads: a medium-confidence warning whose message is its title', () => {
    expect(load('    kind: violation').finding).toEqual({
      severity: 'warning',
      confidence: 'medium',
      cwe: [],
      owaspMcp: [],
      message: 'The safeguard',
    });
  });

  it('a requirement has no finding', () => {
    expect(load('').finding).toBeUndefined();
  });

  it('on a requirement, finding metadata is an error naming the field', () => {
    expect(loadError('    cwe: [CWE-78]')).toBe(
      "r.yaml:7:10: safeguards[0].cwe: 'cwe' is for kind: violation safeguards only",
    );
  });

  it('a CWE id must be written CWE-<number>', () => {
    expect(loadError('    kind: violation\n    cwe: ["78"]')).toMatch(
      /^r\.yaml:8:11: safeguards\[0\]\.cwe\[0\]: must match pattern "\^CWE-/,
    );
  });

  it('an OWASP MCP Top 10 id must be one of the ten', () => {
    expect(loadError("    kind: violation\n    owasp-mcp: ['MCP11:2025']")).toMatch(
      /^r\.yaml:8:17: safeguards\[0\]\.owasp-mcp\[0\]: must be one of MCP01:2025, /,
    );
  });

  it('an unknown severity is refused', () => {
    expect(loadError('    kind: violation\n    severity: critical')).toMatch(/safeguards\[0\]\.severity: /);
  });
});

describe('the bundled rule pack', () => {
  const violations = loadRuleSet([{ dir: BUNDLED_RULES_DIR, bundled: true }]).capabilities.flatMap((c) =>
    c.safeguards.filter((s) => s.kind === 'violation'),
  );

  it('gives every violation a CWE and a message that is not its title', () => {
    const incomplete = violations
      .filter((s) => s.finding!.cwe.length === 0 || s.finding!.message === s.title)
      .map((s) => s.id);
    expect(incomplete).toEqual([]);
    expect(violations.length).toBeGreaterThan(0);
  });

  it('declares severity and confidence on every violation rather than leaving the defaults to chance', () => {
    const undeclared = violations
      .filter((s) => s.source.severity === undefined || s.source.confidence === undefined)
      .map((s) => s.id);
    expect(undeclared).toEqual([]);
  });
});
