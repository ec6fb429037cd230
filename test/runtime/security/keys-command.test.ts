/** `safeguard keys` run as a real child process from the built CLI (lib/, built by `npm test`). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApiKeyVerifier } from '../../../src/runtime/auth/api-key-verifier.js';
import { parseServerConfig } from '../../../src/runtime/config/load.js';

const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['lib/cli/index.js', 'keys', ...args], { encoding: 'utf8', input });

describe('safeguard keys create', () => {
  it('prints a new key once and a config entry holding only its digest, which then authenticates the key', () => {
    const run = cli([
      'create',
      '--id',
      'ci',
      '--principal',
      'user-123',
      '--tenant',
      'tenant-123',
      '--roles',
      'user',
    ]);
    expect(run.status).toBe(0);
    const [key, , ...rest] = run.stdout.split('\n');
    expect(key).toMatch(/^sgk_[A-Za-z0-9_-]{43}$/);
    const entryLine = rest.find((line) => line.startsWith('- {'))!;
    expect(entryLine).not.toContain(key);
    const config = parseServerConfig({ security: { api_keys: parse(entryLine) } });
    const verified = new ApiKeyVerifier(config.security!.apiKeys).verify(key!);
    expect(verified?.principal).toEqual({
      id: 'user-123',
      tenantId: 'tenant-123',
      roles: ['user'],
      via: 'api-key',
    });
  });

  it('prints a different key every time', () => {
    const first = JSON.parse(cli(['create', '--json']).stdout) as { key: string; hash: string };
    const second = JSON.parse(cli(['create', '--json']).stdout) as { key: string; hash: string };
    expect(first.key).not.toBe(second.key);
    expect(first.hash).not.toBe(second.hash);
  });

  it('rejects a role list with odd characters with exit code 2 and no stack', () => {
    const run = cli(['create', '--roles', 'user,"admin"']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--roles');
    expect(run.stderr).not.toContain('    at ');
  });

  it('has --help', () => {
    const run = cli(['create', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--tenant');
  });
});

describe('safeguard keys hash', () => {
  it('prints the digest of a key read from stdin', () => {
    const run = cli(['hash'], 'secret\n');
    expect(run.stdout).toBe('sha256:2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b\n');
  });

  it('refuses empty input with exit code 2', () => {
    expect(cli(['hash'], '').status).toBe(2);
  });
});
