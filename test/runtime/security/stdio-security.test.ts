/**
 * Security on stdio, through the real CLI as a child process: authentication off by default (the local user),
 * rate-limit rejections as JSON-RPC errors carrying the retry hint, logs on stderr and nothing but MCP on stdout,
 * and a bad config refused with exit code 2 before anything starts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/runtime/auth/api-key.js';

const dir = mkdtempSync(join(tmpdir(), 'safeguard-stdio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs `safeguard serve --stdio` with these messages on stdin; returns stdout messages, stderr lines, exit code. */
async function serveStdio(config: string, messages: unknown[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['lib/cli/index.js', 'serve', '--stdio', '--config', config], {
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(messages.map((m) => JSON.stringify(m)).join('\n') + '\n');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    stdout: stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
    stderrLines: stderr.split('\n').filter((line) => line !== ''),
  };
}

const initialize = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};
const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
const list = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/list', params: {} });

describe('security on stdio', () => {
  const KEY = generateApiKey();
  const limited = configFile(
    'limited.yaml',
    `security:\n  api_keys: ["${digestApiKey(KEY)}"]\nrate_limit: { requests_per_minute: 60, burst: 3 }\n`,
  );

  it('serves the local user without credentials, and refuses past the limit with the retry hint in data', async () => {
    const run = await serveStdio(limited, [initialize, initialized, list(1), list(2), list(3)]);
    const byId = new Map(run.stdout.map((message) => [message['id'], message]));
    expect(byId.get(1)).toHaveProperty('result');
    expect(byId.get(2)?.['error']).toMatchObject({
      code: -32029,
      data: { retryAfterMs: expect.any(Number) },
    });
    expect(byId.get(3)?.['error']).toMatchObject({ code: -32029 });
  });

  it('writes only MCP messages to stdout and its JSON logs to stderr', async () => {
    const call = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'nothing-here', arguments: {} },
    };
    const run = await serveStdio(limited, [initialize, initialized, call]);
    for (const message of run.stdout) expect(message['jsonrpc']).toBe('2.0');
    const logs = run.stderrLines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs.find((line) => line['event'] === 'tool_invoked')).toMatchObject({
      tool: 'nothing-here',
      principal: 'local',
      outcome: 'not_found',
    });
  });

  it('checks the key from the environment when stdio authentication is on', async () => {
    const strict = configFile(
      'strict.yaml',
      `security:\n  api_keys: ["${digestApiKey(KEY)}"]\n  stdio: { authenticate: true, api_key_env: MCP_KEY }\n`,
    );
    const good = await serveStdio(strict, [initialize, initialized, list(1)], { MCP_KEY: KEY });
    expect(good.stdout.find((m) => m['id'] === 1)).toHaveProperty('result');
    const bad = await serveStdio(strict, [initialize], { MCP_KEY: 'sgk_wrong' });
    expect(bad.stdout[0]?.['error']).toMatchObject({ code: -32001 });
    expect(bad.stderrLines.join('\n')).not.toContain('sgk_wrong');
  });

  it('refuses a config with an unknown field: exit code 2, the field named, nothing served', () => {
    const broken = configFile('broken.yaml', 'security:\n  api_keyz: []\n');
    const run = spawnSync(process.execPath, ['lib/cli/index.js', 'serve', '--stdio', '--config', broken], {
      encoding: 'utf8',
      input: JSON.stringify(initialize) + '\n',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('security.api_keyz: unknown field');
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('    at ');
  });
});
