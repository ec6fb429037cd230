/**
 * Runs the committed action bundle the way the GitHub Actions runner does: `node dist/action/index.js` in the
 * workspace, inputs as INPUT_<NAME> variables, outputs and the job summary through the GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, workflow commands (annotations, errors) on stdout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLE = fileURLToPath(new URL('../../dist/action/index.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** A fresh workspace holding the fixture server (under `server/`) and its rules (under `rules/`). */
export function makeWorkspace(): string {
  const workspace = mkdtempSync(path.join(tmpdir(), 'safeguard-action-'));
  cpSync(FIXTURES, workspace, { recursive: true });
  return workspace;
}

/** Run the bundle with these inputs (names as in action.yml) in `workspace`. */
export function runAction(inputs: Record<string, string>, workspace = makeWorkspace()): ActionRun {
  const outputFile = path.join(workspace, '.github-output');
  const summaryFile = path.join(workspace, '.github-step-summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_ACTION_REPOSITORY: 'example/mcp-safeguard',
    GITHUB_ACTION_REF: 'v1',
  };
  // The runner upper-cases input names and keeps hyphens: fail-on becomes INPUT_FAIL-ON.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(process.execPath, [BUNDLE], { cwd: workspace, env, encoding: 'utf8' });
  return {
    code: result.status,
    stdout: result.stdout,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    workspace,
  };
}

/** The GITHUB_OUTPUT file format: `name<<DELIMITER`, the value, `DELIMITER`. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}
