import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { useColour } from '../../src/cli/commands/colour.js';
import {
  exceedsMaxFindings,
  renderScoreTable,
  renderStylish,
  renderSummaryLine,
} from '../../src/report/index.js';
import { terminalProgress } from '../../src/cli/commands/progress.js';
import { sampleScorecard } from './sample-scorecard.js';

const ESC = '\u001b[';

describe('console finding list (ESLint stylish)', () => {
  test('groups findings by file with line:column, severity, message and rule id', () => {
    expect(renderStylish(sampleScorecard(), { colour: false })).toBe(
      [
        'src/tools/fetch.ts',
        '  22:5  warning  A retry loop has no bound           no-unbounded-retry-loop',
        '',
        'src/tools/shell.ts',
        '   9:3  error    Tool input reaches a shell command  no-exec-from-arguments',
        '        src/server.ts:30:42      tool argument `args` enters',
        '        src/tools/shell.ts:8:26  passed to listDir() as `args`',
        '        src/tools/shell.ts:9:3   `args.dir` reaches exec()',
        '  15:3  error    Tool input reaches a shell command  no-exec-from-arguments',
        '',
        '',
      ].join('\n'),
    );
  });

  test('paths are prefixed with the audited folder so that a terminal can open them', () => {
    const text = renderStylish(sampleScorecard(), { colour: false, base: 'packages/server' });
    expect(text).toContain('\npackages/server/src/tools/shell.ts\n');
    expect(text).toContain('        packages/server/src/server.ts:30:42 ');
  });

  test('prints nothing when nothing was found, as ESLint does for a clean run', () => {
    const clean = sampleScorecard();
    for (const s of clean.capabilities.flatMap((c) => c.safeguards)) {
      if (s.result === 'violated') s.result = 'satisfied';
    }
    expect(renderStylish(clean, { colour: false })).toBe('');
  });

  test('colours severities and the summary only when asked', () => {
    expect(renderStylish(sampleScorecard(), { colour: false })).not.toContain(ESC);
    const coloured = renderStylish(sampleScorecard(), { colour: true });
    expect(coloured).toContain(`${ESC}31merror  ${ESC}39m`);
    expect(coloured).toContain(`${ESC}33mwarning${ESC}39m`);
    expect(renderScoreTable(sampleScorecard(), false)).not.toContain(ESC);
    expect(renderScoreTable(sampleScorecard(), true)).toContain(`${ESC}32mpresent${ESC}39m`);
  });
});

describe('the one-line summary', () => {
  test('counts the problems by severity, then the overall score, the capabilities passing and the gate', () => {
    expect(renderSummaryLine(sampleScorecard(), { colour: false })).toBe(
      '✖ 3 problems (2 errors, 1 warning) · overall 35 · 1 of 3 capabilities at or above their threshold · gate (capability): fail\n',
    );
  });

  test('a clean run says so', () => {
    const clean = sampleScorecard();
    for (const s of clean.capabilities.flatMap((c) => c.safeguards)) {
      if (s.result === 'violated') s.result = 'satisfied';
    }
    expect(renderSummaryLine(clean, { colour: false })).toMatch(/^✔ no problems · overall /);
  });

  test('says when the errors and warnings are more than --max-findings allows', () => {
    expect(renderSummaryLine(sampleScorecard(), { colour: false, maxFindings: 2 })).toContain(
      ' · 3 errors or warnings, more than --max-findings 2\n',
    );
    expect(renderSummaryLine(sampleScorecard(), { colour: false, maxFindings: 3 })).not.toContain(
      'max-findings',
    );
    expect([2, 3, undefined].map((n) => exceedsMaxFindings(sampleScorecard(), n))).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('--quiet shows errors only', () => {
  test('warnings are left out of the finding list', () => {
    const text = renderStylish(sampleScorecard(), { colour: false, errorsOnly: true });
    expect(text).toContain('   9:3  error  Tool input reaches a shell command  no-exec-from-arguments');
    expect(text).not.toContain('warning');
    expect(text).not.toContain('src/tools/fetch.ts');
  });
});

describe('progress on stderr', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { isTTY, written, write: (text: string) => written.push(text) };
  };

  test('on a terminal: the step, the phase with its counts and the seconds, redrawn in place, then cleared', () => {
    const tty = stream(true);
    let now = 1000;
    const progress = terminalProgress(tty, () => now)!;
    progress.show('loading rules');
    now = 3400;
    progress.show('indexing 412 files');
    progress.clear();
    expect(tty.written).toEqual([
      '\r\u001b[2Ksafeguard: [1/5] loading rules… 0.0 s',
      '\r\u001b[2Ksafeguard: [4/5] indexing 412 files… 2.4 s',
      '\r\u001b[2K',
    ]);
  });

  test('silent when stderr is not a terminal', () => {
    expect(terminalProgress(stream(false))).toBeUndefined();
  });
});

describe('when the console is coloured', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  test('on a terminal, not on a pipe', () => {
    expect([useColour(tty, {}), useColour(pipe, {})]).toEqual([true, false]);
  });
  test('NO_COLOR (any non-empty value) turns it off; an empty NO_COLOR is ignored', () => {
    expect([useColour(tty, { NO_COLOR: '1' }), useColour(tty, { NO_COLOR: '' })]).toEqual([false, true]);
  });
  test('FORCE_COLOR turns it on, even on a pipe and over NO_COLOR; FORCE_COLOR=0 turns it off', () => {
    expect(useColour(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColour(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(useColour(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColour(pipe, { FORCE_COLOR: '' })).toBe(false);
  });
});

describe('safeguard audit on the console (built CLI)', { timeout: 90_000 }, () => {
  const run = async (env: NodeJS.ProcessEnv): Promise<string> => {
    const args = [
      path.resolve('lib/cli/index.js'),
      'audit',
      'test/audit/fixtures/project-basic',
      '--no-bundled-rules',
      '--rules',
      'test/audit/fixtures/rules-basic',
      '--out',
      mkdtempSync(path.join(tmpdir(), 'safeguard-console-')),
    ];
    const clean = { ...process.env };
    delete clean.NO_COLOR;
    delete clean.FORCE_COLOR;
    const { stdout } = await promisify(execFile)(process.execPath, args, { env: { ...clean, ...env } });
    return stdout;
  };

  test('a pipe gets plain text; FORCE_COLOR colours it; NO_COLOR alone keeps it plain', async () => {
    expect(await run({})).not.toContain(ESC);
    expect(await run({ NO_COLOR: '1' })).not.toContain(ESC);
    const forced = await run({ FORCE_COLOR: '1' });
    expect(forced).toContain(`${ESC}33mwarning${ESC}39m`);
    expect(forced).toContain('no-eval');
  });
});
