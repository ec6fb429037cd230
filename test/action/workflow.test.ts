import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  run?: string;
  id?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[]; strategy?: { matrix: { node: number[] } } }>;
}

const workflow = parse(
  readFileSync(new URL('../../.github/workflows/ci.yml', import.meta.url), 'utf8'),
) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

/** Published actions the workflow may name, at the major versions that exist. */
const KNOWN_ACTIONS = new Set([
  'actions/checkout@v4',
  'actions/setup-node@v4',
  'actions/upload-artifact@v4',
  'github/codeql-action/upload-sarif@v3',
]);

describe('.github/workflows/ci.yml', () => {
  test('names only published actions, or this repository (./)', () => {
    const uses = steps.flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses.filter((u) => u !== './' && !KNOWN_ACTIONS.has(u))).toEqual([]);
  });

  test('tests on Node 20, 22 and 24', () => {
    expect(workflow.jobs.test?.strategy?.matrix.node).toEqual([20, 22, 24]);
  });

  test('installs, lints, tests and runs the conformance suite', () => {
    const runs = workflow.jobs.test!.steps.flatMap((step) => (step.run ? [step.run.trim()] : []));
    expect(runs.slice(0, 4)).toEqual(['npm ci', 'npm run lint', 'npm test', 'npm run conformance']);
  });

  test('audits src/runtime through the repository action and uploads its SARIF file', () => {
    const audit = workflow.jobs.audit!.steps.find((step) => step.uses === './');
    expect(audit?.with?.path).toBe('src/runtime');
    const upload = workflow.jobs.audit!.steps.find(
      (step) => step.uses === 'github/codeql-action/upload-sarif@v3',
    );
    expect(upload?.with?.sarif_file).toBe(audit?.with?.['sarif-file']);
  });
});
