/** Report writing never follows a link and never leaves a half-written report folder (built CLI, lib/). */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../../src/report/index.js';
import { sampleScorecard } from './sample-scorecard.js';

const CLI = fileURLToPath(new URL('../../lib/cli/index.js', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'safeguard-safe-writing-'));
const auditJson = path.join(work, 'saved-audit.json');
writeFileSync(auditJson, render('json', sampleScorecard()));

function safeguard(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `safeguard report` writing json and md into `out` (json first, as the formats are listed). */
const report = (out: string) => safeguard('report', auditJson, '--format', 'json,md', '--out', out);

/** A fresh folder holding an earlier audit.json, whose bytes must survive a refused write. */
function earlierReports(name: string): string {
  const out = path.join(work, name);
  mkdirSync(out);
  writeFileSync(path.join(out, 'audit.json'), 'earlier report\n');
  return out;
}

// Root ignores file modes; the immutable attribute stops root too, where the file system has it.
const immutable = new Set<string>();
function makeReadOnly(file: string): boolean {
  chmodSync(file, 0o444);
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    immutable.add(file);
    return true;
  } catch {
    return false;
  }
}
afterAll(() => {
  for (const file of immutable) execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
});

describe('safeguard report --out', { timeout: 60_000 }, () => {
  it('refuses a symbolic link at a report path and writes nothing through it', () => {
    const out = path.join(work, 'link-at-report');
    mkdirSync(out);
    const precious = path.join(work, 'precious.txt');
    writeFileSync(precious, 'precious\n');
    symlinkSync('../precious.txt', path.join(out, 'audit.json'));
    const run = report(out);
    expect([run.code, run.stderr]).toEqual([
      2,
      `safeguard report: cannot write ${out}/audit.json: it is a symbolic link, which is never followed; remove it\n`,
    ]);
    expect(readFileSync(precious, 'utf8')).toBe('precious\n');
    expect(readdirSync(out)).toEqual(['audit.json']);
    expect(lstatSync(path.join(out, 'audit.json')).isSymbolicLink()).toBe(true);
  });

  it('refuses a symbolic link as the report folder', () => {
    const elsewhere = path.join(work, 'elsewhere');
    mkdirSync(elsewhere);
    const out = path.join(work, 'linked-out');
    symlinkSync(elsewhere, out);
    const run = report(out);
    expect([run.code, run.stderr]).toEqual([
      2,
      `safeguard report: cannot write ${out}: it is a symbolic link, which is never followed; remove it\n`,
    ]);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('leaves every report as it was when one of them is read-only', (context) => {
    const out = earlierReports('read-only-target');
    const summary = path.join(out, 'IMPLEMENTATION_SUMMARY.md');
    writeFileSync(summary, 'earlier summary\n');
    if (!makeReadOnly(summary)) context.skip(); // running as root where the file system has no immutable attribute
    const run = report(out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^safeguard report: cannot write \S+IMPLEMENTATION_SUMMARY\.md: \S.*\n$/);
    expect(readFileSync(path.join(out, 'audit.json'), 'utf8')).toBe('earlier report\n');
    expect(readdirSync(out).sort()).toEqual(['IMPLEMENTATION_SUMMARY.md', 'audit.json']);
  });

  it('leaves every report as it was when a directory stands in a report file place', () => {
    const out = earlierReports('directory-in-place');
    mkdirSync(path.join(out, 'IMPLEMENTATION_SUMMARY.md'));
    const run = report(out);
    expect([run.code, run.stderr]).toEqual([
      2,
      `safeguard report: cannot write ${out}/IMPLEMENTATION_SUMMARY.md: is a directory\n`,
    ]);
    expect(readFileSync(path.join(out, 'audit.json'), 'utf8')).toBe('earlier report\n');
  });

  it('replaces earlier reports whole and leaves no staging folder, in a new folder or an existing one', () => {
    const existing = earlierReports('existing');
    const created = path.join(work, 'new-parent', 'created');
    expect([report(existing).code, report(created).code]).toEqual([0, 0]);
    for (const out of [existing, created]) {
      expect(readdirSync(out).sort()).toEqual(['IMPLEMENTATION_SUMMARY.md', 'audit.json']);
      expect(readFileSync(path.join(out, 'audit.json'), 'utf8')).toBe(readFileSync(auditJson, 'utf8'));
    }
    expect(readdirSync(path.join(work, 'new-parent'))).toEqual(['created']);
  });
});

describe('safeguard audit --out', { timeout: 90_000 }, () => {
  it('exits 2 with audit.json untouched when IMPLEMENTATION_SUMMARY.md is a directory', () => {
    const out = earlierReports('audit-directory-in-place');
    mkdirSync(path.join(out, 'IMPLEMENTATION_SUMMARY.md'));
    const project = path.resolve('test/audit/fixtures/project-basic');
    const rules = path.resolve('test/audit/fixtures/rules-basic');
    const run = safeguard('audit', project, '--no-bundled-rules', '--rules', rules, '--out', out, '--quiet');
    expect([run.code, run.stderr]).toEqual([
      2,
      `safeguard audit: cannot write ${out}/IMPLEMENTATION_SUMMARY.md: is a directory\n`,
    ]);
    expect(readFileSync(path.join(out, 'audit.json'), 'utf8')).toBe('earlier report\n');
  });
});
