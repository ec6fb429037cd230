import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { evaluateRuleSet, factFilterFor, NO_DEPENDENCIES } from '../evaluate.js';
import { attachFrameworkFacts } from '../frameworks/attach.js';
import { auditedDependencies } from '../frameworks/dependencies.js';
import { BUNDLED_FRAMEWORKS_DIR, loadFrameworkFacts } from '../frameworks/load.js';
import type { FrameworkFact } from '../frameworks/types.js';
import { DEFAULT_THRESHOLD } from '../score/score.js';
import { indexFiles } from '../facts/parse.js';
import { loadProject } from '../project/load.js';
import { displayPath } from '../display-path.js';
import { compileCapability, loadRuleSet, readRuleSource, ruleFilesIn } from '../rules/load.js';
import { compareText } from '../text-order.js';
import type { Capability } from '../rules/types.js';
import type { SafeguardOutcome } from '../scorecard.js';
import { readExpectations, type Expectations } from './expectations.js';

/** One failed check: which safeguard, which fixture, what differed. */
export interface RuleTestFailure {
  ruleFile: string;
  safeguard: string;
  fixture: string; // '' when the failure is about the safeguard as a whole (e.g. no fixture where it holds)
  message: string;
}

/** The outcome of `safeguard rules test`. */
export interface RuleTestReport {
  ruleFiles: number;
  fixtures: number;
  checks: number;
  failures: RuleTestFailure[];
  passed: boolean;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const HOLDS: readonly SafeguardOutcome[] = ['satisfied'];
const DOES_NOT_HOLD: readonly SafeguardOutcome[] = ['missing', 'violated'];

/**
 * Runs the fixtures beside each rule file of `dir` (`<rule>/fixtures/*`, a file or a folder per fixture) and checks
 * the outcomes and violation lines they declare (docs/rule-language.md "Fixtures"). Rule errors throw
 * AuditInputError, as in an audit.
 */
export async function runRuleTests(dir: string): Promise<RuleTestReport> {
  loadRuleSet([{ dir, bundled: false }]); // duplicate ids across files fail here, as they would in an audit
  const failures: RuleTestFailure[] = [];
  let fixtures = 0;
  let checks = 0;
  const ruleFiles = ruleFilesIn(dir);
  for (const ruleFile of ruleFiles) {
    const capability = compileCapability(readRuleSource(ruleFile), false);
    const shownRuleFile = displayPath(ruleFile);
    const fixtureDir = path.join(dir, path.basename(ruleFile).replace(/\.ya?ml$/, ''), 'fixtures');
    const holds = new Set<string>();
    const doesNotHold = new Set<string>();
    for (const fixture of fixtureEntries(fixtureDir)) {
      fixtures++;
      const shownFixture = displayPath(fixture);
      const fail = (safeguard: string, message: string): void => {
        failures.push({ ruleFile: shownRuleFile, safeguard, fixture: shownFixture, message });
      };
      const result = await checkFixture(capability, fixture, fail);
      checks += result.checks;
      result.holds.forEach((id) => holds.add(id));
      result.doesNotHold.forEach((id) => doesNotHold.add(id));
    }
    for (const safeguard of capability.safeguards) {
      const missing = [
        !holds.has(safeguard.id) && 'one where it holds',
        !doesNotHold.has(safeguard.id) && 'one where it does not',
      ];
      const lacking = missing.filter(Boolean).join(' and ');
      if (lacking) {
        failures.push({
          ruleFile: shownRuleFile,
          safeguard: safeguard.id,
          fixture: '',
          message: `needs at least ${lacking} among the fixtures in ${displayPath(fixtureDir)}`,
        });
      }
    }
  }
  return { ruleFiles: ruleFiles.length, fixtures, checks, failures, passed: failures.length === 0 };
}

let bundledFacts: FrameworkFact[] | undefined;

function bundledFrameworkFacts(): FrameworkFact[] {
  bundledFacts ??= loadFrameworkFacts([{ dir: BUNDLED_FRAMEWORKS_DIR, bundled: true }]);
  return bundledFacts;
}

function fixtureEntries(fixtureDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(fixtureDir);
  } catch {
    return [];
  }
  return names
    .sort(compareText)
    .map((name) => path.join(fixtureDir, name))
    .filter((entry) => statSync(entry).isDirectory() || SOURCE.test(entry));
}

async function checkFixture(
  capability: Capability,
  fixture: string,
  fail: (safeguard: string, message: string) => void,
): Promise<{ checks: number; holds: string[]; doesNotHold: string[] }> {
  const project = await loadProject(fixture);
  const rules = { capabilities: [capability] };
  // Framework facts for this capability's safeguards, credited when the fixture (a folder) has a package.json
  // that depends on the framework: a fixture is its own project, never the package that holds it.
  attachFrameworkFacts(rules, bundledFrameworkFacts(), { requireTargets: false });
  const dependencies = existsSync(path.join(fixture, 'package.json'))
    ? auditedDependencies([fixture], fixture, [])
    : NO_DEPENDENCIES;
  const files = indexFiles(project.files, [], factFilterFor(rules));
  const expectations: Expectations = readExpectations(project.files);
  const evaluation = evaluateRuleSet(rules, files, DEFAULT_THRESHOLD, [], dependencies);
  const results = new Map(evaluation.capabilities[0]?.safeguards.map((s) => [s.id, s]) ?? []);
  const suppressed = new Set(evaluation.suppressions.map((s) => `${s.safeguard}\u0000${s.file}:${s.line}`));
  let checks = 0;
  const holds: string[] = [];
  const doesNotHold: string[] = [];
  for (const id of expectations.safeguards()) {
    const actual = results.get(id);
    if (!actual) {
      fail(id, `names a safeguard that ${capability.file} does not define`);
      continue;
    }
    let agreed = true;
    const disagree = (message: string): void => {
      agreed = false;
      fail(id, message);
    };
    const expected = expectations.outcome(id);
    if (expected !== undefined) {
      checks++;
      if (actual.result !== expected) disagree(`expected ${expected}, got ${actual.result}`);
    }
    const marked = expectations.violationLines(id);
    if (marked.reported.size + marked.ok.size > 0) {
      const reported = new Set(
        actual.result === 'violated' ? actual.evidence.map((e) => `${e.file}:${e.line}`) : [],
      );
      for (const place of [...marked.reported].sort(compareText)) {
        checks++;
        if (!reported.has(place) && !suppressed.has(`${id}\u0000${place}`)) {
          disagree(`expected a violation at ${place}, none reported`);
        }
      }
      for (const place of [...reported].sort(compareText)) {
        checks++;
        if (marked.ok.has(place)) disagree(`reported a violation at ${place}, which is marked ok`);
        else if (!marked.reported.has(place))
          disagree(`reported a violation at ${place}, which is not marked ruleid`);
      }
    }
    // Only a fixture that fully agrees counts towards "one where it holds, one where it does not".
    if (agreed && expected !== undefined && HOLDS.includes(expected)) holds.push(id);
    if (agreed && expected !== undefined && DOES_NOT_HOLD.includes(expected)) doesNotHold.push(id);
  }
  return { checks, holds, doesNotHold };
}
