import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ReportInputError, compareWithBaseline, readScorecard, render } from '../../src/report/index.js';
import { sampleScorecard } from './sample-scorecard.js';

const dir = mkdtempSync(path.join(tmpdir(), 'safeguard-read-'));
const file = (name: string, content: string): string => {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
};

describe('readScorecard', () => {
  test('reads back what the json renderer wrote', () => {
    const scorecard = sampleScorecard();
    expect(readScorecard(file('audit.json', render('json', scorecard)))).toEqual(scorecard);
  });

  test('a missing file is a one-line input error naming it', () => {
    const missing = path.join(dir, 'nope.json');
    expect(() => readScorecard(missing, 'baseline')).toThrow(
      new ReportInputError(`cannot read baseline ${missing}: file not found`),
    );
  });

  test('corrupt JSON is an input error', () => {
    const corrupt = file('corrupt.json', '{"schemaVersion": 1,');
    expect(() => readScorecard(corrupt)).toThrow(/^audit report .*corrupt\.json is not valid JSON: /);
  });

  test('another schema version is rejected with both versions named', () => {
    const other = file('v1.json', JSON.stringify({ ...sampleScorecard(), schemaVersion: 1 }));
    expect(() => readScorecard(other)).toThrow(/has schemaVersion 1; this tool reads schemaVersion 2 or 3$/);
  });

  test('a report of schema 2 (before finding metadata) reads as schema 3, so an old baseline still compares', () => {
    const old = sampleScorecard() as unknown as Record<string, unknown> & {
      capabilities: { safeguards: { finding?: unknown }[] }[];
    };
    old.schemaVersion = 2;
    for (const s of old.capabilities.flatMap((c) => c.safeguards)) delete s.finding;
    const read = readScorecard(file('v2.json', JSON.stringify(old)), 'baseline');
    expect(read.schemaVersion).toBe(3);
    expect(compareWithBaseline(sampleScorecard(), read).newViolations).toEqual([]);
  });

  test('JSON that is not a scorecard is rejected with the field at fault', () => {
    const broken = sampleScorecard() as unknown as { capabilities: { safeguards: unknown }[] };
    broken.capabilities[1]!.safeguards = 'none';
    expect(() => readScorecard(file('shape.json', JSON.stringify(broken)))).toThrow(
      /"capabilities\[1\]\.safeguards" is not an array$/,
    );
  });

  test('error messages are a single line', () => {
    try {
      readScorecard(file('multi.json', '[1,\n2,\n'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ReportInputError);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
