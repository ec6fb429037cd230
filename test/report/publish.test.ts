/** The one publish flow of the CLI and the Action: baseline, extras, render, write. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ReportInputError, publish, render } from '../../src/report/index.js';
import { sampleScorecard } from './sample-scorecard.js';

const work = mkdtempSync(path.join(tmpdir(), 'safeguard-publish-'));
let folders = 0;
const freshFolder = () => path.join(work, `out-${++folders}`);

function file(name: string, content: string): string {
  const target = path.join(work, name);
  writeFileSync(target, content);
  return target;
}

const higherBaseline = (() => {
  const baseline = sampleScorecard();
  baseline.capabilities[2]!.score = 60;
  return file('baseline.json', render('json', baseline));
})();

describe('publish', () => {
  test('writes each format into the folder under its conventional file name, in the order asked', () => {
    const out = freshFolder();
    const { written } = publish(sampleScorecard(), {
      reports: [
        { format: 'sarif', folder: out },
        { format: 'json', folder: out },
        { format: 'badge', folder: out },
      ],
    });
    expect(written).toEqual(['audit.sarif', 'audit.json', 'badge.svg'].map((name) => path.join(out, name)));
    expect(readFileSync(path.join(out, 'audit.json'), 'utf8')).toBe(render('json', sampleScorecard()));
  });

  test('hands back the reports asked for without a folder, and writes nothing for them', () => {
    const { printed, written } = publish(sampleScorecard(), { reports: [{ format: 'md' }] });
    expect(written).toEqual([]);
    expect(printed).toEqual([render('md', sampleScorecard())]);
  });

  test('renders the console format with the terminal options, and its capability table unless errors only', () => {
    const terminal = { colour: false, base: 'server' };
    const full = publish(sampleScorecard(), { terminal, reports: [{ format: 'stylish' }] }).printed[0]!;
    const quiet = publish(sampleScorecard(), {
      terminal: { ...terminal, errorsOnly: true },
      reports: [{ format: 'stylish' }],
    }).printed[0]!;
    expect(full).toContain('server/src/tools/shell.ts');
    expect(full).toMatch(/capability\s+score\s+threshold\s+status/);
    expect(quiet).not.toMatch(/capability\s+score\s+threshold\s+status/);
  });

  test('adds the baseline comparison to the scorecard it returns and to every report', () => {
    const out = freshFolder();
    const { scorecard } = publish(sampleScorecard(), {
      baseline: higherBaseline,
      reports: [{ format: 'json', folder: out }],
    });
    expect(scorecard.baseline?.regressed).toBe(true);
    const written = JSON.parse(readFileSync(path.join(out, 'audit.json'), 'utf8')) as typeof scorecard;
    expect(written.baseline).toEqual(scorecard.baseline);
  });

  test('writes a report under the name it is given, in a folder of its own (the Action’s sarif-file)', () => {
    const out = freshFolder();
    publish(sampleScorecard(), { reports: [{ format: 'sarif', folder: out, name: 'code-scanning.sarif' }] });
    expect(readdirSync(out)).toEqual(['code-scanning.sarif']);
  });

  test('a file named twice is written once, with the later report', () => {
    const out = freshFolder();
    const { written } = publish(sampleScorecard(), {
      reports: [
        { format: 'sarif', folder: out, name: 'report.txt' },
        { format: 'json', folder: out, name: 'report.txt' },
      ],
    });
    expect(written).toEqual([path.join(out, 'report.txt')]);
    expect(readFileSync(path.join(out, 'report.txt'), 'utf8')).toBe(render('json', sampleScorecard()));
  });

  test('an input that cannot be read fails before anything is written', () => {
    const out = freshFolder();
    const attempt = () =>
      publish(sampleScorecard(), {
        coverage: path.join(work, 'no-coverage.json'),
        reports: [{ format: 'json', folder: out }],
      });
    expect(attempt).toThrow(
      new ReportInputError(
        `cannot read coverage summary ${path.join(work, 'no-coverage.json')}: file not found`,
      ),
    );
    expect(existsSync(out)).toBe(false);
  });

  test('the reports of one folder are written all or none', () => {
    const out = freshFolder();
    mkdirSync(path.join(out, 'audit.sarif'), { recursive: true }); // a directory where a report goes
    expect(() =>
      publish(sampleScorecard(), {
        reports: [
          { format: 'json', folder: out },
          { format: 'sarif', folder: out },
        ],
      }),
    ).toThrow(ReportInputError);
    expect(readdirSync(out)).toEqual(['audit.sarif']);
  });
});
