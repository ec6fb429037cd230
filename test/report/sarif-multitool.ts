/**
 * Microsoft's SARIF Multitool (`@microsoft/sarif-multitool` from npm, the SARIF SDK's validator): an implementation
 * of the SARIF rules independent of ours and of ajv, with the spec's SHOULD-level checks (SARIF1001 ...) besides
 * the schema. Undefined when the package is not installed.
 */
import { execFileSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function sarifMultitool(): string | undefined {
  let binary: string;
  try {
    binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
    statSync(binary);
  } catch {
    return undefined;
  }
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    // Its postinstall (`chmod u+x`) is skipped by npm versions that run no install scripts without approval.
    chmodSync(binary, 0o755);
  }
  return binary;
}

/** The Multitool's findings (errors and warnings, with their rule ids) for one SARIF log. */
export function multitoolFindings(binary: string, log: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'safeguard-multitool-'));
  const input = path.join(dir, 'audit.sarif');
  const output = path.join(dir, 'validation.sarif');
  writeFileSync(input, log);
  execFileSync(binary, ['validate', input, '--output', output, '--log', 'ForceOverwrite'], {
    stdio: 'pipe',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  const validation = JSON.parse(readFileSync(output, 'utf8')) as {
    runs: {
      results?: { ruleId: string; level?: string; message: { text?: string; arguments?: string[] } }[];
    }[];
  };
  return validation.runs
    .flatMap((run) => run.results ?? [])
    .map((r) => `${r.level ?? 'warning'} ${r.ruleId}: ${(r.message.arguments ?? []).join(' | ')}`);
}
