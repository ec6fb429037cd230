import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import type { Scorecard } from '../../src/audit/scorecard.js';
import { render } from '../../src/report/index.js';
import { codeScanningBreaches } from './github-code-scanning.js';
import { sampleScorecard } from './sample-scorecard.js';
import { validateSarif } from './sarif-schema.js';
import { multitoolFindings, sarifMultitool } from './sarif-multitool.js';

interface Rule {
  id: string;
  name?: string;
  helpUri?: string;
  help: { text: string; markdown: string };
}
interface Log {
  runs: {
    tool: { driver: { informationUri?: string; rules: Rule[] } };
    results: { ruleId: string; message: { text: string } }[];
  }[];
}
const parse = (text: string): Log => JSON.parse(text) as Log;
const BASE = 'https://github.com/acme/mcp-safeguard/blob/v1.2.0/';

/** A sample scorecard whose violation is an SSRF, the one-word id that SARIF1001 flags when `name` repeats it. */
function withSsrf(): Scorecard {
  const scorecard = sampleScorecard();
  const safeguard = scorecard.capabilities
    .flatMap((c) => c.safeguards)
    .find((s) => s.id === 'no-unbounded-retry-loop')!;
  safeguard.id = 'ssrf';
  safeguard.title = 'URLs from tool arguments are fetched only after an allow-list check';
  return scorecard;
}

// The built CLI's SARIF for a real project with findings from the bundled rules.
async function auditedSarif(...extra: string[]): Promise<string> {
  const out = mkdtempSync(path.join(tmpdir(), 'safeguard-sarif-'));
  const args = [path.resolve('lib/cli/index.js'), 'audit', 'test/corpus/insecure-server'];
  await promisify(execFile)(process.execPath, [...args, '--format', 'sarif', '--out', out, ...extra]).catch(
    (error: { code?: number }) => {
      if (error.code !== 1) throw error; // 1 is the gate failing, as it should on this server
    },
  );
  return readFileSync(path.join(out, 'audit.sarif'), 'utf8');
}

describe('SARIF a code-scanning user keeps enabled', () => {
  test('a result says the problem and how to fix it', () => {
    const results = parse(render('sarif', withSsrf())).runs[0]!.results;
    expect(results.find((r) => r.ruleId === 'ssrf')!.message.text).toBe(
      'A retry loop has no bound. To fix it, make sure URLs from tool arguments are fetched only after an allow-list check.',
    );
  });

  test("a rule's help (text and Markdown) has the problem, why it matters, the fix and the docs link", () => {
    const rule = parse(render('sarif', sampleScorecard(), { docsBaseUrl: BASE })).runs[0]!.tool.driver
      .rules[0]!;
    expect(rule.help.markdown).toBe(
      [
        '**Tool input reaches a shell command.**',
        'Rationale of no-exec-from-arguments.',
        'To fix it, make sure no shell command built from tool arguments.',
        `[Documentation](${BASE}docs/capabilities/cap.md#no-exec-from-arguments)`,
      ].join('\n\n'),
    );
    expect(rule.help.text).toContain('To fix it, make sure no shell command built from tool arguments.');
  });

  test('a rule name that would only repeat its id (ssrf, Ssrf) is left out, as SARIF1001 asks', () => {
    const rules = parse(render('sarif', withSsrf())).runs[0]!.tool.driver.rules;
    expect(rules.map((r) => [r.id, r.name])).toEqual([
      ['no-exec-from-arguments', 'NoExecFromArguments'],
      ['ssrf', undefined],
    ]);
  });

  test("informationUri is the README beside the docs, else the package's npm page", () => {
    const driver = (base?: string) =>
      parse(render('sarif', sampleScorecard(), base ? { docsBaseUrl: base } : {})).runs[0]!.tool.driver;
    expect(driver(BASE).informationUri).toBe(`${BASE}README.md`);
    expect(driver().informationUri).toBe('https://www.npmjs.com/package/mcp-safeguard');
  });

  test("GitHub code scanning's ingestion rules accept it, and the check can fail", () => {
    const log = parse(render('sarif', sampleScorecard(), { docsBaseUrl: BASE }));
    expect(codeScanningBreaches(log)).toEqual([]);
    log.runs[0]!.results[0]!.ruleId = 'no-such-rule';
    expect(codeScanningBreaches(log)).toEqual(['run 0 result 0: ruleId not among the rules']);
  });
});

describe('the built CLI: docs links for a user of the published package', { timeout: 120_000 }, () => {
  test('--docs-base-url gives every rule a helpUri under it; without it and without a repository, none', async () => {
    const linked = parse(await auditedSarif('--docs-base-url', BASE)).runs[0]!.tool.driver.rules;
    expect(linked.length).toBeGreaterThan(0);
    for (const rule of linked)
      expect(rule.helpUri).toMatch(
        /^https:\/\/github\.com\/acme\/mcp-safeguard\/blob\/v1\.2\.0\/docs\/capabilities\/mcp-[a-z-]+\.md#[a-z-]+$/,
      );
    // This package.json names no repository or homepage: no link is guessed.
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      repository?: unknown;
      homepage?: unknown;
    };
    if (pkg.repository === undefined && pkg.homepage === undefined) {
      const unlinked = parse(await auditedSarif()).runs[0]!.tool.driver.rules;
      expect(unlinked.filter((r) => r.helpUri !== undefined)).toEqual([]);
    }
  });
});

const multitool = sarifMultitool();

// A devDependency with a binary for Linux x64, macOS and Windows: in CI on Linux x64 its absence is a failure, not
// a reason to skip the validation.
test.runIf(process.env.CI !== undefined && process.platform === 'linux' && process.arch === 'x64')(
  'the SARIF Multitool is installed where CI runs',
  () => {
    expect(multitool).toBeDefined();
  },
);

describe.skipIf(multitool === undefined)(
  "Microsoft's SARIF Multitool (@microsoft/sarif-multitool) validates what we write",
  { timeout: 180_000 },
  () => {
    test('the sample report: no error, no warning', () => {
      const log = render('sarif', withSsrf(), { docsBaseUrl: BASE });
      expect(validateSarif(JSON.parse(log))).toEqual([]);
      expect(multitoolFindings(multitool!, log)).toEqual([]);
    });

    test('a real audit through the built CLI: no error, no warning; GitHub accepts it', async () => {
      const log = await auditedSarif('--docs-base-url', BASE);
      expect(validateSarif(JSON.parse(log))).toEqual([]);
      expect(codeScanningBreaches(parse(log))).toEqual([]);
      expect(multitoolFindings(multitool!, log)).toEqual([]);
    });

    test('the validator can fail: a rule name equal to its id is reported (SARIF1001)', () => {
      const log = parse(render('sarif', withSsrf(), { docsBaseUrl: BASE }));
      log.runs[0]!.tool.driver.rules[1]!.name = 'ssrf';
      expect(multitoolFindings(multitool!, JSON.stringify(log)).join('\n')).toContain('SARIF1001');
    });
  },
);
