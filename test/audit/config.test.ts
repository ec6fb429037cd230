import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { tempTree } from './helpers.js';

const rules = {
  'limits.yaml': [
    'capability: limits',
    'title: Limits',
    'safeguards:',
    '  - { id: has-limiter, title: Limiter, weight: 30, evidence: { call: { name: allowRequest } } }',
    '  - { id: has-budget, title: Budget, weight: 70, evidence: { call: { name: spendBudget } } }',
    '',
  ].join('\n'),
};
const sources = { 'src/a.ts': 'limiter.allowRequest(p);\n', 'test/a.test.ts': 'spendBudget();\n' };

async function auditWithConfig(config: string, extra: Partial<Parameters<typeof runAudit>[0]> = {}) {
  const root = tempTree({ ...sources, 'safeguard.config.yaml': config });
  return runAudit({ root, ruleDirs: [tempTree(rules)], bundledRules: false, ...extra });
}

describe('safeguard.config.yaml', () => {
  // Tests used to count as the server (docs/scope.md): the budget call in test/a.test.ts no longer scores.
  it('without a config, production files count and tests are left out', async () => {
    const card = await auditWithConfig('');
    expect([card.capabilities[0]!.score, card.overall.gate, card.files.excluded]).toEqual([
      21,
      'fail',
      [{ path: 'test/a.test.ts', reason: 'test' }],
    ]);
  });

  it('exclude removes files from the audit', async () => {
    const card = await auditWithConfig('exclude: ["**/*.test.ts"]\n');
    // Both requirements are core (the rule file marks none): one of two satisfied is partial, 1 + 68 × 30/100.
    expect([card.capabilities[0]!.score, card.capabilities[0]!.status, card.files.audited]).toEqual([
      21,
      'partial',
      1,
    ]);
  });

  // include adds to the production sources (docs/scope.md); it no longer narrows the audit to the files it names.
  it('include brings back files the defaults leave out', async () => {
    const card = await auditWithConfig('include: ["test/**"]\n');
    expect([card.capabilities[0]!.score, card.files.audited, card.files.excluded]).toEqual([100, 2, []]);
  });

  it('overrides weights', async () => {
    const card = await auditWithConfig(
      'exclude: ["test/**"]\nsafeguards:\n  has-limiter: { weight: 70 }\n  has-budget: { weight: 30 }\n',
    );
    // has-limiter now weighs 70 of 100: 1 + 68 × 70/100 (it was 21 with the rule file's weights).
    expect(card.capabilities[0]!.score).toBe(49);
  });

  it('disables a safeguard and says so in the diagnostics', async () => {
    const card = await auditWithConfig(
      'exclude: ["test/**"]\nsafeguards:\n  has-budget: { disabled: true }\n',
    );
    expect(card.capabilities[0]!.safeguards.map((s) => s.id)).toEqual(['has-limiter']);
    expect(card.capabilities[0]!.score).toBe(100);
    expect(card.diagnostics).toEqual([
      expect.objectContaining({ code: 'safeguard-disabled', severity: 'info' }),
    ]);
  });

  it('sets the default and per-capability thresholds and the gate mode', async () => {
    const card = await auditWithConfig('exclude: ["test/**"]\nthreshold: 20\nfail-on: average\n');
    expect([
      card.threshold,
      card.capabilities[0]!.threshold,
      card.overall.gateMode,
      card.overall.gate,
    ]).toEqual([20, 20, 'average', 'pass']);
    const strict = await auditWithConfig(
      'exclude: ["test/**"]\ncapabilities:\n  limits: { threshold: 31 }\n',
    );
    expect([strict.capabilities[0]!.threshold, strict.capabilities[0]!.status, strict.overall.gate]).toEqual([
      31,
      'partial',
      'fail',
    ]);
  });

  it('allow-inconclusive lets an inconclusive capability pass the gate, as --allow-inconclusive does', async () => {
    // src/b.ts holds the budget call but is above max-file-bytes: has-budget is missing and may be in it.
    const audit = async (config: string, extra: Partial<Parameters<typeof runAudit>[0]> = {}) => {
      const root = tempTree({
        'src/a.ts': 'limiter.allowRequest(p);\n',
        'src/b.ts': `spendBudget();\n${'// padding\n'.repeat(20)}`,
        'safeguard.config.yaml': `max-file-bytes: 100\n${config}`,
      });
      const card = await runAudit({ root, ruleDirs: [tempTree(rules)], bundledRules: false, ...extra });
      return [card.capabilities[0]!.status, card.overall.allowInconclusive, card.overall.gate];
    };
    expect(await audit('')).toEqual(['inconclusive', false, 'fail']);
    expect(await audit('allow-inconclusive: true\n')).toEqual(['inconclusive', true, 'pass']);
    expect(await audit('', { allowInconclusive: true })).toEqual(['inconclusive', true, 'pass']);
  });

  it('command-line options win over the config', async () => {
    const card = await auditWithConfig('threshold: 20\nfail-on: average\n', {
      threshold: 90,
      failOn: 'capability',
    });
    expect([card.threshold, card.overall.gateMode]).toEqual([90, 'capability']);
  });

  it('loads extra rule directories relative to the config file', async () => {
    const root = tempTree({
      ...sources,
      'safeguard.config.yaml': 'rules: [./my-rules]\n',
      'my-rules/limits.yaml': rules['limits.yaml'],
    });
    const card = await runAudit({ root, bundledRules: false });
    expect(card.capabilities.map((c) => c.id)).toEqual(['limits']);
  });

  it('rejects an unknown safeguard id at its place', async () => {
    await expect(auditWithConfig('safeguards:\n  has-limitr: { weight: 5 }\n')).rejects.toThrow(
      /safeguard\.config\.yaml:2:3: safeguards\.has-limitr: unknown safeguard 'has-limitr'$/,
    );
  });

  it('rejects a field of the wrong type at its place', async () => {
    await expect(auditWithConfig('threshold: high\n')).rejects.toThrow(
      /safeguard\.config\.yaml:1:12: threshold: must be integer$/,
    );
  });

  it('rejects an unknown field', async () => {
    await expect(auditWithConfig('treshold: 50\n')).rejects.toThrow(
      /safeguard\.config\.yaml:1:1: treshold: unknown field 'treshold'$/,
    );
  });

  it('reports every problem of the file at once, one line each', async () => {
    const error = await auditWithConfig('treshold: 50\nfail-on: sometimes\nthreshold: 101\n').catch(
      (e: Error) => e,
    );
    expect(
      (error as Error).message.replace(/^.*safeguard\.config\.yaml/gm, 'safeguard.config.yaml').split('\n'),
    ).toEqual([
      "safeguard.config.yaml:1:1: treshold: unknown field 'treshold'",
      'safeguard.config.yaml:2:10: fail-on: must be one of capability, average, none',
      'safeguard.config.yaml:3:12: threshold: must be <= 100',
    ]);
  });

  it('reports every unknown safeguard and capability id at once', async () => {
    const error = await auditWithConfig(
      'capabilities:\n  limitz: { threshold: 50 }\nsafeguards:\n  has-limitr: { weight: 5 }\n  nope: { disabled: true }\n',
    ).catch((e: Error) => e);
    expect(
      (error as Error).message.replace(/^.*safeguard\.config\.yaml/gm, 'safeguard.config.yaml').split('\n'),
    ).toEqual([
      "safeguard.config.yaml:2:3: capabilities.limitz: unknown capability 'limitz'",
      "safeguard.config.yaml:4:3: safeguards.has-limitr: unknown safeguard 'has-limitr'",
      "safeguard.config.yaml:5:3: safeguards.nope: unknown safeguard 'nope'",
    ]);
  });

  it('rejects a --config file that does not exist', async () => {
    await expect(auditWithConfig('', { configPath: '/nonexistent/safeguard.config.yaml' })).rejects.toThrow(
      'config file not found or unreadable: /nonexistent/safeguard.config.yaml',
    );
  });
});
