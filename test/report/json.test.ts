import { describe, expect, test } from 'vitest';
import { judgeCapabilityScore, overallResult } from '../../src/audit/score/score.js';
import {
  render,
  reportFileName,
  parseAuditOutputs,
  parseFormats,
  ReportInputError,
} from '../../src/report/index.js';
import type { ReportFormat } from '../../src/report/index.js';
import { sampleScorecard } from './sample-scorecard.js';

describe('JSON report', () => {
  test('is the scorecard with 2-space indentation and a trailing newline', () => {
    const text = render('json', sampleScorecard());
    expect(JSON.parse(text)).toEqual(sampleScorecard());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "capabilities": [\n');
  });

  test('does not depend on the order in which the scorecard was built', () => {
    const scorecard = sampleScorecard();
    const reordered = Object.fromEntries(Object.entries(scorecard).reverse()) as typeof scorecard;
    reordered.overall = Object.fromEntries(
      Object.entries(scorecard.overall).reverse(),
    ) as typeof scorecard.overall;
    expect(render('json', reordered)).toBe(render('json', scorecard));
  });

  test('keeps array order (capabilities sorted by the engine, safeguards in rule-file order)', () => {
    const ids = (
      JSON.parse(render('json', sampleScorecard())) as { capabilities: { id: string }[] }
    ).capabilities.map((c) => c.id);
    expect(ids).toEqual(['mcp-authz-authn', 'mcp-context', 'mcp-rate-limiting']);
  });
});

describe('the sample scorecard', () => {
  test('carries the scores and statuses the status contract gives its safeguards', () => {
    const scorecard = sampleScorecard();
    for (const capability of scorecard.capabilities) {
      expect(judgeCapabilityScore(capability.safeguards), capability.id).toEqual({
        status: capability.status,
        score: capability.score,
      });
    }
    const { gateMode, allowInconclusive, ...overall } = scorecard.overall;
    expect(overallResult(scorecard.capabilities, scorecard.threshold, gateMode, allowInconclusive)).toEqual(
      overall,
    );
  });
});

describe('formats', () => {
  test('each format has its conventional file name', () => {
    expect(['json', 'md', 'sarif'].map((f) => reportFileName(f as ReportFormat))).toEqual([
      'audit.json',
      'IMPLEMENTATION_SUMMARY.md',
      'audit.sarif',
    ]);
  });

  test('an unknown format is a one-line input error', () => {
    expect(() => render('html' as ReportFormat, sampleScorecard())).toThrow(
      new ReportInputError('unknown report format "html"; use json, md or sarif'),
    );
  });

  test('a comma-separated format list is parsed without duplicates', () => {
    expect(parseFormats('json, md,json')).toEqual(['json', 'md']);
  });

  test('a format list with an unknown name is rejected', () => {
    expect(() => parseFormats('json,pdf')).toThrow('unknown report format "pdf"; use json, md or sarif');
  });

  test('audit --format takes the console format beside the files, each file once', () => {
    expect(parseAuditOutputs('md, stylish,json,md')).toEqual({ stylish: true, files: ['md', 'json'] });
    expect(parseAuditOutputs('sarif')).toEqual({ stylish: false, files: ['sarif'] });
  });

  test('the console format is not a report file, and the badge is asked for with --badge, not by name', () => {
    expect(() => parseFormats('stylish')).toThrow('unknown report format "stylish"; use json, md or sarif');
    expect(() => parseAuditOutputs('badge')).toThrow(
      'unknown format "badge"; use stylish, json, md or sarif',
    );
    expect(reportFileName('badge')).toBe('badge.svg');
  });
});
