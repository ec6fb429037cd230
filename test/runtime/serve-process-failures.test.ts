import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../src/runtime/auth/api-key.js';
import { cliPath, requireBuiltCli } from './helpers/cli.js';

const preload = fileURLToPath(new URL('./fixtures/fail-after-start.mjs', import.meta.url));

/** Runs `safeguard serve --http` with an error escaping after start-up; resolves with its exit code and stderr. */
function serveUntilItFails(failWith: 'exception' | 'rejection', extraArgs: string[] = []) {
  requireBuiltCli();
  const child = spawn(
    process.execPath,
    ['--import', preload, cliPath, 'serve', '--http', '127.0.0.1:0', ...extraArgs],
    { env: { ...process.env, FAIL_WITH: failWith } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
}

// `safeguard serve` owns its process: an error nothing caught ends it deliberately (exit 1, said on stderr and in
// the event log) instead of leaving a server in an unknown state.
describe('safeguard serve after an uncaught error', () => {
  it('exits 1 on an uncaught exception and says why on stderr', async () => {
    const { code, stderr } = await serveUntilItFails('exception');
    expect(stderr).toMatch(/MCP endpoint http:\/\/127\.0\.0\.1:\d+\/mcp/);
    expect(stderr).toContain(
      'safeguard serve: fatal uncaught exception: Error: boom from a background callback',
    );
    expect(code).toBe(1);
  });

  it('exits 1 on an unhandled rejection and writes a process_failed line to the event log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-failure-'));
    const log = join(dir, 'events.jsonl');
    const config = join(dir, 'server.json');
    writeFileSync(
      config,
      JSON.stringify({
        security: {
          api_keys: [{ id: 'ci', hash: digestApiKey(generateApiKey()), principal: 'ci', roles: ['admin'] }],
          roles: { admin: ['*'] },
        },
        logging: { destination: log },
      }),
    );
    const { code, stderr } = await serveUntilItFails('rejection', ['--config', config]);
    expect(stderr).toContain(
      'safeguard serve: fatal unhandled rejection: Error: boom from a background callback',
    );
    expect(code).toBe(1);
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({
      level: 'FATAL',
      event: 'process_failed',
      kind: 'unhandled rejection',
      error: { type: 'Error', message: 'boom from a background callback' },
    });
  });
});
