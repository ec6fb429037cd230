import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { docsBaseUrl } from '../../src/cli/commands/docs-base.js';
import { packageDocsBaseUrl } from '../../src/report/docs-link.js';

describe('the docs base of the published package, from its package.json', () => {
  const at = 'https://github.com/acme/mcp-safeguard/blob/v1.2.0/';
  test.each([
    ['owner/repo shorthand', 'acme/mcp-safeguard'],
    ['github: shorthand', 'github:acme/mcp-safeguard'],
    ['git+https URL', 'git+https://github.com/acme/mcp-safeguard.git'],
    ['scp-style git URL', 'git@github.com:acme/mcp-safeguard.git'],
    ['object form', { type: 'git', url: 'https://github.com/acme/mcp-safeguard' }],
  ])('repository as %s: the repository at the release tag', (_, repository) => {
    expect(packageDocsBaseUrl({ version: '1.2.0', repository })).toBe(at);
  });

  test('a monorepo package: its directory inside the repository', () => {
    const repository = { url: 'https://github.com/acme/tools.git', directory: 'packages/safeguard' };
    expect(packageDocsBaseUrl({ version: '1.2.0', repository })).toBe(
      'https://github.com/acme/tools/blob/v1.2.0/packages/safeguard/',
    );
  });

  test('GitLab uses its own path to files at a tag', () => {
    expect(packageDocsBaseUrl({ version: '2.0.0', repository: 'gitlab:acme/safeguard' })).toBe(
      'https://gitlab.com/acme/safeguard/-/blob/v2.0.0/',
    );
  });

  test('a homepage that is the repository page stands in for a missing repository', () => {
    expect(
      packageDocsBaseUrl({ version: '1.2.0', homepage: 'https://github.com/acme/mcp-safeguard#readme' }),
    ).toBe(at);
  });

  test('nothing is guessed: no repository, another host, or no version give no base', () => {
    expect(packageDocsBaseUrl({ version: '1.2.0' })).toBeUndefined();
    expect(packageDocsBaseUrl({ version: '1.2.0', homepage: 'https://acme.dev/safeguard' })).toBeUndefined();
    expect(
      packageDocsBaseUrl({ version: '1.2.0', repository: 'https://git.acme.dev/x/y.git' }),
    ).toBeUndefined();
    expect(packageDocsBaseUrl({ repository: 'acme/mcp-safeguard' })).toBeUndefined();
  });

  test('--docs-base-url wins; else the installed package.json decides', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'safeguard-pkg-'));
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ version: '1.2.0', repository: 'acme/mcp-safeguard' }),
    );
    expect(docsBaseUrl(undefined, root)).toBe(at);
    expect(docsBaseUrl('https://docs.acme.dev/', root)).toBe('https://docs.acme.dev/');
    expect(docsBaseUrl(undefined, path.join(root, 'missing'))).toBeUndefined();
  });
});
