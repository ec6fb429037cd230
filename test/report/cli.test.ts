/** `safeguard report` end to end through the built CLI (lib/, built by `npm test` before vitest runs). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { render } from '../../src/report/index.js';
import { sampleScorecard } from './sample-scorecard.js';
import { validateSarif } from './sarif-schema.js';

const CLI = fileURLToPath(new URL('../../lib/cli/index.js', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'safeguard-report-cli-'));

function safeguard(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'report', ...args], { cwd: work, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: string): string {
  const target = path.join(work, name);
  writeFileSync(target, content);
  return target;
}

const audit = file('audit.json', render('json', sampleScorecard()));
const regressedBaseline = (() => {
  const baseline = sampleScorecard();
  baseline.capabilities[2]!.score = 60;
  return file('baseline-higher.json', render('json', baseline));
})();

describe('safeguard report', () => {
  test('prints the Markdown summary to stdout by default', () => {
    const { code, stdout } = safeguard(audit);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# MCP Implementation Summary\n/);
  });

  test('re-renders the JSON byte for byte', () => {
    expect(safeguard(audit, '--format', 'json').stdout).toBe(readFileSync(audit, 'utf8'));
  });

  test('writes every requested format into --out under its conventional name', () => {
    const out = path.join(work, 'out-all');
    const { code } = safeguard(audit, '--format', 'json,md,sarif', '--out', out, '--badge');
    expect(code).toBe(0);
    for (const name of ['audit.json', 'IMPLEMENTATION_SUMMARY.md', 'audit.sarif', 'badge.svg']) {
      expect(existsSync(path.join(out, name)), name).toBe(true);
    }
    expect(validateSarif(JSON.parse(readFileSync(path.join(out, 'audit.sarif'), 'utf8')))).toEqual([]);
  });

  test('--baseline adds the comparison to the JSON report', () => {
    const { stdout } = safeguard(audit, '--format', 'json', '--baseline', regressedBaseline);
    const report = JSON.parse(stdout) as { baseline: { regressed: boolean; overallBefore: number } };
    expect(report.baseline.regressed).toBe(true);
  });

  test('--baseline adds the change section to the Markdown summary', () => {
    expect(safeguard(audit, '--baseline', regressedBaseline).stdout).toContain(
      '## Change since the baseline',
    );
  });

  test('--fail-on-regression exits 1 when a capability score dropped', () => {
    const { code, stderr } = safeguard(audit, '--baseline', regressedBaseline, '--fail-on-regression');
    expect(code).toBe(1);
    expect(stderr).toContain('regression against the baseline: mcp-rate-limiting -35');
  });

  test('--fail-on-regression exits 0 when no score dropped', () => {
    expect(safeguard(audit, '--baseline', audit, '--fail-on-regression').code).toBe(0);
  });

  test('--coverage and --bench add measured sections', () => {
    const coverage = file(
      'coverage-summary.json',
      JSON.stringify({
        total: {
          lines: { total: 10, covered: 9 },
          statements: { total: 10, covered: 9 },
          functions: { total: 2, covered: 2 },
          branches: { total: 4, covered: 3 },
        },
        [path.join(work, 'src/a.ts')]: {
          lines: { total: 10, covered: 9 },
          statements: { total: 10, covered: 9 },
          functions: { total: 2, covered: 2 },
          branches: { total: 4, covered: 3 },
        },
      }),
    );
    const bench = file('bench-audit.json', JSON.stringify({ audit: { wallMs: 1234 }, ratio: 1.31 }));
    const { code, stdout } = safeguard(audit, '--coverage', coverage, '--bench', bench);
    expect(code).toBe(0);
    expect(stdout).toContain('| `src` | 90.0% | 75.0% | 100.0% | 90.0% |');
    expect(stdout).toContain('| Measurement | `wallMs` |\n| --- | ---: |\n| `audit` | 1234 |');
    expect(stdout).not.toContain(work);
  });

  test('--root prefixes SARIF paths', () => {
    const { stdout } = safeguard(audit, '--format', 'sarif', '--root', 'packages/server/');
    expect(stdout).toContain('"uri": "packages/server/src/tools/shell.ts"');
  });

  describe('bad input: one line on stderr, exit 2, no stack trace', () => {
    const expectInputError = (result: ReturnType<typeof safeguard>, message: string | RegExp) => {
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    };

    test('a missing baseline', () => {
      expectInputError(
        safeguard(audit, '--baseline', 'gone.json'),
        'safeguard report: cannot read baseline gone.json: file not found',
      );
    });

    test('a corrupt baseline', () => {
      expectInputError(
        safeguard(audit, '--baseline', file('corrupt.json', '{"sche')),
        /baseline .*corrupt\.json is not valid JSON/,
      );
    });

    test('an audit.json of another schema version', () => {
      const other = file('v9.json', JSON.stringify({ ...sampleScorecard(), schemaVersion: 9 }));
      expectInputError(safeguard(other), /has schemaVersion 9; this tool reads schemaVersion 2 or 3/);
    });

    test('an unknown format', () => {
      expectInputError(
        safeguard(audit, '--format', 'html'),
        'unknown report format "html"; use json, md or sarif',
      );
    });

    test('an unwritable output path', () => {
      const blocker = file('not-a-dir', 'x');
      expectInputError(
        safeguard(audit, '--format', 'md', '--out', path.join(blocker, 'reports')),
        /cannot write .*not-a-dir/,
      );
    });
  });
});
