import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateSarif } from '../report/sarif-schema.js';
import { makeWorkspace, runAction } from './run-action.js';

/**
 * The fixture server audited with the fixture rules only: score 15. Both requirements are core (the rule file marks
 * none); the limiter is there and the Origin check is not (partial: 1 + 68 × 40/80 = 35), and the eval costs 20.
 */
const fixtureInputs = { path: 'server', rules: 'rules', 'bundled-rules': 'false' };

describe('GitHub Action (dist/action/index.js run as the runner does)', () => {
  test('publishes the overall score, the gate and a score per capability', () => {
    const run = runAction(fixtureInputs);
    expect(run.outputs).toMatchObject({ score: '15', gate: 'fail', 'score-action-demo': '15' });
  });

  test('fails the step when the gate fails, with the reason in one line', () => {
    const run = runAction(fixtureInputs);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::safeguard gate failed (capability): action-demo 15%25 < 70%25\n');
  });

  test('passes the step when every capability meets the threshold', () => {
    const run = runAction({ ...fixtureInputs, threshold: '15' });
    expect(run.code).toBe(0);
    expect(run.outputs.gate).toBe('pass');
  });

  test('fail-on none never fails the step on scores', () => {
    expect(runAction({ ...fixtureInputs, 'fail-on': 'none' }).code).toBe(0);
  });

  test('annotates each violation at its file and line, relative to the workspace', () => {
    const run = runAction({ ...fixtureInputs, threshold: '15' });
    expect(run.stdout).toContain(
      '::error title=demo-no-eval (action-demo),file=server/src/server.ts,line=8,col=36::Tool input is evaluated as code. To fix it, make sure tool input is never evaluated as code. eval runs whatever the model or the caller sent.',
    );
  });

  test('writes a job summary table with one row per capability', () => {
    const { summary } = runAction(fixtureInputs);
    expect(summary).toContain('<h2>MCP safeguard audit</h2>');
    expect(summary).toContain(
      '<tr><td>Action demo (<code>action-demo</code>)</td><td>⚠️ partial</td><td>15%</td><td>70%</td><td>No</td></tr>',
    );
  });

  test('summary false leaves the job summary empty', () => {
    expect(runAction({ ...fixtureInputs, summary: 'false' }).summary).toBe('');
  });

  test('writes schema-valid SARIF with repository-relative paths and help links to the action docs', () => {
    const run = runAction({ ...fixtureInputs, 'sarif-file': 'out/audit.sarif' });
    const text = readFileSync(path.join(run.workspace, 'out/audit.sarif'), 'utf8');
    const log = JSON.parse(text) as unknown;
    expect(validateSarif(log)).toEqual([]);
    expect(text).toContain('"uri": "server/src/server.ts"');
    expect(text).toContain(
      '"helpUri": "https://github.com/example/mcp-safeguard/blob/v1/docs/capabilities/action-demo.md#demo-no-eval"',
    );
    expect(run.outputs['sarif-file']).toBe('out/audit.sarif');
  });

  describe('baseline', () => {
    function workspaceWithBaseline(score: number): string {
      const workspace = makeWorkspace();
      runAction({ ...fixtureInputs, 'json-file': 'baseline.json' }, workspace);
      const file = path.join(workspace, 'baseline.json');
      const report = JSON.parse(readFileSync(file, 'utf8')) as { capabilities: { score: number }[] };
      report.capabilities[0]!.score = score;
      writeFileSync(file, JSON.stringify(report));
      return workspace;
    }

    test('a dropped score sets regressed and adds the change to the job summary', () => {
      const run = runAction({ ...fixtureInputs, baseline: 'baseline.json' }, workspaceWithBaseline(60));
      expect(run.outputs.regressed).toBe('true');
      expect(run.summary).toContain('<th>Change</th>');
      expect(run.summary).toContain('<td>-45</td>');
    });

    test('fail-on-regression fails a passing gate when a score dropped', () => {
      const run = runAction(
        { ...fixtureInputs, threshold: '15', baseline: 'baseline.json', 'fail-on-regression': 'true' },
        workspaceWithBaseline(60),
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('::error::safeguard regression against the baseline: action-demo -45\n');
    });

    test('fail-on-regression passes when no score dropped', () => {
      const run = runAction(
        { ...fixtureInputs, threshold: '15', baseline: 'baseline.json', 'fail-on-regression': 'true' },
        workspaceWithBaseline(15),
      );
      expect(run.code).toBe(0);
      expect(run.outputs.regressed).toBe('false');
    });
  });

  describe('inconclusive', () => {
    /**
     * The fixture with server/src/server.ts (the limiter's use, the eval) above max-file-bytes: action-demo cannot be
     * decided. With `extra`, a second capability that is decided from a small file of its own: its one core
     * safeguard is there, its hardening is not (present, 70). A missing core safeguard would make it inconclusive
     * too, as any file left unread could hold it.
     */
    function inconclusiveWorkspace(extra = false): string {
      const workspace = makeWorkspace();
      writeFileSync(path.join(workspace, 'server/safeguard.config.yaml'), 'max-file-bytes: 400\n');
      if (extra) {
        writeFileSync(
          path.join(workspace, 'server/src/health.ts'),
          'declare function reportHealth(): void;\nreportHealth();\n',
        );
        mkdirSync(path.join(workspace, 'rules'), { recursive: true });
        writeFileSync(
          path.join(workspace, 'rules/action-extra.yaml'),
          [
            'capability: action-extra',
            'title: Action extra',
            'safeguards:',
            '  - { id: extra-health, title: Health is reported, weight: 10, core: true, evidence: { call: { name: reportHealth } } }',
            '  - { id: extra-metrics, title: Metrics are recorded, weight: 10, evidence: { call: { name: recordMetrics } } }',
            '',
          ].join('\n'),
        );
      }
      return workspace;
    }

    test('fails the step naming the capability, with ? and the reason in the job summary', () => {
      const run = runAction(fixtureInputs, inconclusiveWorkspace());
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('::error::safeguard gate failed (capability): action-demo inconclusive\n');
      expect(run.outputs).toMatchObject({ score: '0', gate: 'fail', 'score-action-demo': '' });
      expect(run.summary).toContain(
        '<tr><td>Action demo (<code>action-demo</code>)</td><td>❔ inconclusive</td><td>?</td><td>70%</td><td>?</td></tr>',
      );
      expect(run.summary).toContain(
        '<p>Inconclusive (the gate fails on it): <code>action-demo</code>: core evidence is missing and 1 file was ' +
          'not analysed (src/server.ts).</p>',
      );
    });

    test('allow-inconclusive passes the step and the job summary says the gate allows it', () => {
      const run = runAction({ ...fixtureInputs, 'allow-inconclusive': 'true' }, inconclusiveWorkspace());
      expect(run.code).toBe(0);
      expect(run.outputs.gate).toBe('pass');
      expect(run.summary).toContain('<p>Inconclusive (the gate allows this): <code>action-demo</code>: ');
    });

    test('in average mode the failure names the inconclusive capability, not a mean that met the threshold', () => {
      const run = runAction({ ...fixtureInputs, 'fail-on': 'average' }, inconclusiveWorkspace(true));
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({ score: '70', gate: 'fail', 'score-action-extra': '70' });
      expect(run.stdout).toContain('::error::safeguard gate failed (average): action-demo inconclusive\n');
    });

    test('an allowed inconclusive capability is not named when another capability fails the gate', () => {
      const run = runAction(
        { ...fixtureInputs, 'allow-inconclusive': 'true', threshold: '80' },
        inconclusiveWorkspace(true),
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        '::error::safeguard gate failed (capability): action-extra 70%25 < 80%25\n',
      );
    });
  });

  describe('bad input fails the step with the one-line message the CLI prints', () => {
    const expectFailure = (inputs: Record<string, string>, message: string) => {
      const run = runAction(inputs);
      expect(run.code).toBe(1);
      expect(run.stdout.trim().split('\n')).toEqual([`::error::${message}`]);
      expect(run.outputs).toEqual({});
    };

    test('a threshold that is not an integer', () => {
      expectFailure(
        { ...fixtureInputs, threshold: 'high' },
        "input threshold must be an integer from 0 to 100, got 'high'",
      );
    });

    test('an unknown fail-on mode', () => {
      expectFailure(
        { ...fixtureInputs, 'fail-on': 'sometimes' },
        "input fail-on must be one of capability, average, none, got 'sometimes'",
      );
    });

    test('a missing baseline', () => {
      expectFailure(
        { ...fixtureInputs, baseline: 'gone.json' },
        'cannot read baseline gone.json: file not found',
      );
    });

    test('a corrupt baseline', () => {
      const workspace = makeWorkspace();
      writeFileSync(path.join(workspace, 'bad.json'), '{"schemaVersion":');
      const run = runAction({ ...fixtureInputs, baseline: 'bad.json' }, workspace);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^::error::baseline bad\.json is not valid JSON: .*\n$/);
    });

    test('a target path that does not exist', () => {
      const run = runAction({ ...fixtureInputs, path: 'no-such-dir' });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^::error::target path does not exist: .*no-such-dir\n$/);
    });

    test('an unwritable SARIF path', () => {
      const workspace = makeWorkspace();
      writeFileSync(path.join(workspace, 'blocker'), 'a file, not a folder');
      const run = runAction(
        { ...fixtureInputs, threshold: '15', 'sarif-file': 'blocker/audit.sarif' },
        workspace,
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        '::error::cannot write blocker/audit.sarif: a parent path is not a directory\n',
      );
    });
  });
});
