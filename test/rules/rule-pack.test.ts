/**
 * The bundled rule pack as a product: ten capability files, each with six or more documented, weighted safeguards
 * whose docs anchors exist, and every safeguard's fixtures passing through the built CLI (`safeguard rules test`).
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CAPABILITY_IDS } from '../../src/audit/scorecard.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'lib', 'cli', 'index.js');

interface SafeguardEntry {
  id: string;
  title?: string;
  rationale?: string;
  weight: number;
  kind?: 'requirement' | 'violation';
  docs?: string;
}

interface RuleFile {
  capability: string;
  safeguards: SafeguardEntry[];
}

const ruleFiles = readdirSync(path.join(ROOT, 'rules'))
  .filter((name) => /^mcp-.*\.yaml$/.test(name))
  .sort()
  .map((name) => parse(readFileSync(path.join(ROOT, 'rules', name), 'utf8')) as RuleFile);

describe('the bundled rule pack', () => {
  it('has one rule file per capability of the scorecard', () => {
    expect(ruleFiles.map((f) => f.capability).sort()).toEqual([...CAPABILITY_IDS].sort());
  });

  it.each(ruleFiles.map((f) => [f.capability, f] as const))(
    '%s has six or more titled, weighted safeguards',
    (_id, file) => {
      expect(file.safeguards.length).toBeGreaterThanOrEqual(6);
      for (const safeguard of file.safeguards) {
        expect(safeguard.title, safeguard.id).toBeTruthy();
        expect(safeguard.rationale, safeguard.id).toBeTruthy();
        expect(Number.isInteger(safeguard.weight) && safeguard.weight > 0, safeguard.id).toBe(true);
      }
    },
  );

  it.each(ruleFiles.map((f) => [f.capability, f] as const))(
    '%s links every safeguard to an anchor in its docs page',
    (id, file) => {
      const page = readFileSync(path.join(ROOT, 'docs', 'capabilities', `${id}.md`), 'utf8');
      const headings = new Set([...page.matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
      for (const safeguard of file.safeguards) {
        expect(safeguard.docs).toBe(`docs/capabilities/${id}.md#${safeguard.id}`);
        expect(headings.has(safeguard.id), `## ${safeguard.id} in docs/capabilities/${id}.md`).toBe(true);
      }
    },
  );

  it('weighs what protects users above what is tidy: the heaviest safeguard of a capability outweighs its lightest', () => {
    for (const file of ruleFiles) {
      const weights = file.safeguards.map((s) => s.weight);
      expect(Math.max(...weights), file.capability).toBeGreaterThan(Math.min(...weights));
    }
  });

  it('marks, for every violation safeguard, at least one fixture line where it must be reported', () => {
    for (const file of ruleFiles) {
      const fixtureDir = path.join(ROOT, 'rules', file.capability, 'fixtures');
      const text = readdirSync(fixtureDir, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.ts'))
        .map((name) => readFileSync(path.join(fixtureDir, name), 'utf8'))
        .join('\n');
      const marked = new Set(
        [...text.matchAll(/\/\/ ruleid: ([a-z0-9-]+(?:, [a-z0-9-]+)*)/g)].flatMap((m) => m[1]!.split(', ')),
      );
      for (const safeguard of file.safeguards.filter((s) => s.kind === 'violation')) {
        expect(
          marked.has(safeguard.id),
          `// ruleid: ${safeguard.id} in rules/${file.capability}/fixtures`,
        ).toBe(true);
      }
    }
  });

  it('passes its own fixtures through the built CLI (safeguard rules test rules)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'rules', 'test', 'rules'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(stdout).toMatch(/10 rule files, \d+ fixtures, \d+ checks: passed/);
  }, 120_000);
});
