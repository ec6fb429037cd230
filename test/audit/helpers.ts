import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import type { SafeguardResult, Scorecard } from '../../src/audit/scorecard.js';

/** Writes files into a fresh temporary directory, removed when the test finishes. */
export function tempTree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'safeguard-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** A rule file with one capability whose single safeguard has the given evidence (YAML flow text). */
export function oneSafeguardRule(evidence: string, extra = ''): string {
  return [
    'capability: test-capability',
    'title: Test capability',
    'safeguards:',
    '  - id: the-safeguard',
    '    title: The safeguard',
    '    weight: 10',
    ...(extra ? [extra] : []),
    `    evidence: ${evidence}`,
    '',
  ].join('\n');
}

/** Audits `sources` with only the given rule files (no bundled rules). */
export async function auditWith(
  sources: Record<string, string | Buffer>,
  rules: Record<string, string>,
): Promise<Scorecard> {
  const root = tempTree(sources);
  const ruleDir = tempTree(rules);
  return runAudit({ root, ruleDirs: [ruleDir], bundledRules: false });
}

/** The result of the one safeguard of `oneSafeguardRule` over a single source file. */
export async function judge(source: string, evidence: string, extra = ''): Promise<SafeguardResult> {
  const card = await auditWith(
    { 'src/index.ts': source },
    { 'test.yaml': oneSafeguardRule(evidence, extra) },
  );
  return card.capabilities[0]!.safeguards[0]!;
}

/** `file:line` of each evidence entry, for compact assertions. */
export function places(result: SafeguardResult): string[] {
  return result.evidence.map((e) => `${e.file}:${e.line}`);
}
