import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../src/runtime/auth/api-key.js';
import { spawnHttpServe } from './helpers/cli.js';
import { post } from './helpers/http-server.js';

// `safeguard serve --config` turns on the security stages built from the config file.
describe('safeguard serve --config', () => {
  const key = generateApiKey();
  let served: Awaited<ReturnType<typeof spawnHttpServe>>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-config-'));
    const file = join(dir, 'server.json');
    writeFileSync(
      file,
      JSON.stringify({
        security: {
          api_keys: [{ id: 'ci', hash: digestApiKey(key), principal: 'ci-bot', roles: ['user'] }],
          roles: { admin: ['*'], user: ['read', 'execute'] },
        },
        logging: { level: 'error', destination: join(dir, 'log.jsonl') },
      }),
    );
    served = await spawnHttpServe(['--conformance', '--config', file]);
  });
  afterAll(() => {
    served.child.kill('SIGTERM');
  });

  const initialize = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  };

  it('refuses a request without credentials with 401', async () => {
    const res = await post(served.url, initialize);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe(-32001);
  });

  it('serves a request with a valid API key', async () => {
    const res = await post(served.url, initialize, { 'x-api-key': key });
    expect(res.status).toBe(200);
    expect(res.headers.get('mcp-session-id')).toBeTruthy();
  });

  it('exits 2 with the field named when the config is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-config-bad-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"security": {"api_keys": "not a list"}}');
    await expect(spawnHttpServe(['--config', file])).rejects.toThrow(/exited with 2.*api_keys/s);
  });

  it('exits 2 with one issue line and no stack on an alias bomb ("billion laughs")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-config-bomb-'));
    const file = join(dir, 'bomb.yaml');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(
        `${name}: &${name} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`,
      );
    }
    writeFileSync(file, levels.join('\n') + '\n');
    const error = await spawnHttpServe(['--config', file]).then(
      () => new Error('the server started'),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/^serve exited with 2: /);
    const stderr = error.message
      .replace(/^serve exited with 2: /, '')
      .trimEnd()
      .split('\n');
    // One line naming the file: the alias bomb has no line of its own.
    expect(stderr).toHaveLength(1);
    expect(stderr[0]?.startsWith(`safeguard serve: ${file}: YAML error: `)).toBe(true);
    expect(stderr[0]).toMatch(/alias/i);
  });
});
