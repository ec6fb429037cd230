import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig, parseServerConfig } from '../../../src/runtime/config/load.js';
import { configIssues } from '../helpers/config-issues.js';

function load(yaml: string): unknown {
  const file = join(mkdtempSync(join(tmpdir(), 'store-config-')), 'serve.yaml');
  writeFileSync(file, yaml);
  const issues = configIssues(() => loadServerConfig(file));
  return issues.length > 0 ? issues : loadServerConfig(file);
}

describe('serve config: store.redis', () => {
  it('is absent by default: rate limits and sessions stay in memory', () => {
    expect(parseServerConfig({}).store).toBeUndefined();
  });

  it('fills in the defaults: key prefix safeguard:, refuse while unreachable, 1 s command timeout', () => {
    expect(parseServerConfig({ store: { redis: { url: 'redis://cache:6379/0' } } }).store).toEqual({
      redis: {
        url: 'redis://cache:6379/0',
        keyPrefix: 'safeguard:',
        onUnavailable: 'refuse',
        timeoutMs: 1000,
      },
    });
  });

  it('reports every bad field with its line, column and name', () => {
    const issues = load(
      [
        'store:',
        '  redis:',
        '    url: http://cache:6379',
        '    key_prefix: "has space"',
        '    on_unavailable: ignore',
        '    timeout: 5',
      ].join('\n'),
    );
    expect(issues).toEqual([
      '3:10: store.redis.url: must match pattern "^rediss?://"',
      '4:17: store.redis.key_prefix: must match pattern "^[A-Za-z0-9._:{}/-]+$"',
      '5:21: store.redis.on_unavailable: must be one of refuse, memory',
      "6:5: store.redis.timeout: unknown field 'timeout'",
    ]);
  });

  it('requires a URL with a host', () => {
    expect(load('store:\n  redis:\n    url: "redis://"\n')).toEqual([
      '3:10: store.redis.url: must be a redis:// or rediss:// URL with a host',
    ]);
    expect(load('store:\n  redis: {}\n')).toEqual(["2:10: store.redis: missing required field 'url'"]);
  });
});
