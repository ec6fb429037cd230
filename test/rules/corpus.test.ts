/**
 * The corpus agreement test: audits every example server in test/corpus with the bundled rules and compares the
 * statuses and violations with the expectations written beside each server (expected.yaml), written from what the
 * server really does. Prints a per-capability agreement table; fails below 90 % status agreement.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runAudit, type CapabilityStatus, type Scorecard } from '../../src/audit/index.js';
import { CAPABILITY_IDS } from '../../src/audit/scorecard.js';

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'corpus');
const REQUIRED_AGREEMENT = 90; // per cent of (server, capability) statuses

interface ExpectedViolation {
  safeguard: string;
  file: string;
  line: number;
}

interface Expectation {
  style: string;
  capabilities: Record<string, CapabilityStatus>;
  violations: ExpectedViolation[];
}

interface ServerAudit {
  name: string;
  expected: Expectation;
  scorecard: Scorecard;
}

const servers = readdirSync(CORPUS)
  .filter((name) => statSync(path.join(CORPUS, name)).isDirectory())
  .sort();

function readExpectation(name: string): Expectation {
  const raw = parse(readFileSync(path.join(CORPUS, name, 'expected.yaml'), 'utf8')) as Partial<Expectation>;
  return { style: raw.style ?? '', capabilities: raw.capabilities ?? {}, violations: raw.violations ?? [] };
}

const placeKey = (v: ExpectedViolation): string => `${v.safeguard} ${v.file}:${v.line}`;

function actualViolations(scorecard: Scorecard): Set<string> {
  const places = new Set<string>();
  for (const capability of scorecard.capabilities) {
    for (const safeguard of capability.safeguards) {
      if (safeguard.result !== 'violated') continue;
      for (const e of safeguard.evidence)
        places.add(placeKey({ safeguard: safeguard.id, file: e.file, line: e.line }));
    }
  }
  return places;
}

const percent = (part: number, whole: number): number =>
  whole === 0 ? 100 : Math.floor((100 * part) / whole);

describe('the bundled rules on the corpus of example servers', () => {
  const audits: ServerAudit[] = [];

  beforeAll(async () => {
    for (const name of servers) {
      const scorecard = await runAudit({ root: path.join(CORPUS, name), failOn: 'none' });
      audits.push({ name, expected: readExpectation(name), scorecard });
    }
  }, 120_000);

  it('has at least ten servers, each expecting a status for every capability', () => {
    expect(servers.length).toBeGreaterThanOrEqual(10);
    for (const name of servers) {
      expect(Object.keys(readExpectation(name).capabilities).sort(), name).toEqual(
        [...CAPABILITY_IDS].sort(),
      );
    }
  });

  it(`agrees with the expected statuses on at least ${REQUIRED_AGREEMENT} %`, () => {
    const rows: string[] = [];
    const disagreements: string[] = [];
    let agreed = 0;
    let total = 0;
    for (const capability of CAPABILITY_IDS) {
      let capabilityAgreed = 0;
      for (const audit of audits) {
        const actual = audit.scorecard.capabilities.find((c) => c.id === capability);
        const expected = audit.expected.capabilities[capability];
        total++;
        if (actual?.status === expected) {
          capabilityAgreed++;
          agreed++;
        } else {
          disagreements.push(
            `${audit.name} ${capability}: expected ${expected}, got ${actual?.status} (${actual?.score})`,
          );
        }
      }
      rows.push(
        `${capability.padEnd(24)} ${String(capabilityAgreed).padStart(2)}/${audits.length}  ${percent(capabilityAgreed, audits.length)} %`,
      );
    }
    const overall = percent(agreed, total);
    console.log(
      [
        'Corpus status agreement per capability:',
        ...rows,
        `${'overall'.padEnd(24)} ${agreed}/${total}  ${overall} %`,
        ...(disagreements.length ? ['Disagreements:', ...disagreements.map((d) => `  ${d}`)] : []),
      ].join('\n'),
    );
    expect(overall).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT);
  });

  it('reports the expected violations at their lines, and no others', () => {
    const missed: string[] = [];
    const unexpected: string[] = [];
    let expectedCount = 0;
    let found = 0;
    for (const audit of audits) {
      const actual = actualViolations(audit.scorecard);
      const expected = new Set(audit.expected.violations.map(placeKey));
      expectedCount += expected.size;
      for (const place of expected) {
        if (actual.has(place)) found++;
        else missed.push(`${audit.name}: ${place}`);
      }
      for (const place of actual) if (!expected.has(place)) unexpected.push(`${audit.name}: ${place}`);
    }
    console.log(
      [
        `Corpus violations: ${found}/${expectedCount} expected found, ${unexpected.length} unexpected`,
        ...missed.map((m) => `  missed ${m}`),
        ...unexpected.map((u) => `  unexpected ${u}`),
      ].join('\n'),
    );
    // Violations are exact facts about lines; every unexpected one is a false positive of a rule.
    expect(unexpected).toEqual([]);
    expect(percent(found, expectedCount)).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT);
  });

  it('has no safeguard that matches nothing in the corpus, or nearly every file of it', () => {
    // A rule that never finds evidence in ten realistic servers cannot be told apart from a broken one; a rule whose
    // evidence lights up almost every source file is matching syntax, not a safeguard.
    const filesWithEvidence = new Map<string, Set<string>>();
    const ids = new Set<string>();
    let sourceFiles = 0;
    for (const audit of audits) {
      sourceFiles += audit.scorecard.files.audited;
      for (const capability of audit.scorecard.capabilities) {
        for (const safeguard of capability.safeguards) {
          ids.add(safeguard.id);
          const found =
            safeguard.result === 'satisfied' || safeguard.result === 'violated' ? safeguard.evidence : [];
          const files = filesWithEvidence.get(safeguard.id) ?? new Set<string>();
          for (const e of found) files.add(`${audit.name}/${e.file}`);
          filesWithEvidence.set(safeguard.id, files);
        }
      }
    }
    const matchesNothing = [...ids].sort().filter((id) => (filesWithEvidence.get(id)?.size ?? 0) === 0);
    const matchesEverything = [...ids]
      .sort()
      .filter((id) => percent(filesWithEvidence.get(id)?.size ?? 0, sourceFiles) >= REQUIRED_AGREEMENT);
    console.log(
      [
        ...matchesNothing.map((id) => `  matches nothing: ${id}`),
        ...matchesEverything.map((id) => `  matches nearly every file: ${id}`),
      ].join('\n'),
    );
    expect(matchesNothing).toEqual([]);
    expect(matchesEverything).toEqual([]);
  });
});
