import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES_DIR, loadRuleSet, runAudit } from '../../src/audit/index.js';
import { CAPABILITY_IDS } from '../../src/audit/scorecard.js';
import { render } from '../../src/report/index.js';

// The pack's fixtures run through the built CLI in test/rules/rule-pack.test.ts (engineer D's).
describe('the bundled rule pack', () => {
  it('loads the ten capabilities', () => {
    const ruleSet = loadRuleSet([{ dir: BUNDLED_RULES_DIR, bundled: true }]);
    expect(ruleSet.capabilities.map((c) => c.id)).toEqual([...CAPABILITY_IDS].sort());
  });

  it('audits src/runtime into a schema-valid report with every capability scored', async () => {
    const card = await runAudit({ root: path.resolve('src/runtime') });
    const ajv = new Ajv2020({ strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('docs/report.schema.json', 'utf8')) as object);
    expect(validate(JSON.parse(render('json', card))) ? [] : validate.errors).toEqual([]);
    expect(card.capabilities.map((c) => c.id)).toEqual([...CAPABILITY_IDS].sort());
    expect(card.root).toBe('src/runtime');
    expect(card.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  }, 120_000);
});
