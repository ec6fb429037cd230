import { describe, expect, test } from 'vitest';
import { renderBadge } from '../../src/report/index.js';
import { sampleScorecard } from './sample-scorecard.js';

describe('badge', () => {
  test('shows the overall score and a failing gate in red', () => {
    const svg = renderBadge(sampleScorecard());
    expect(svg).toContain('aria-label="mcp safeguard: 35% fail"');
    expect(svg).toContain('fill="#c62828"');
  });

  test('shows a passing gate in green', () => {
    const scorecard = sampleScorecard();
    scorecard.overall = { ...scorecard.overall, score: 81, gate: 'pass' };
    const svg = renderBadge(scorecard);
    expect(svg).toContain('>81% pass</text>');
    expect(svg).toContain('fill="#2e7d32"');
  });

  test('is an SVG document with the same bytes for the same scorecard', () => {
    const svg = renderBadge(sampleScorecard());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(renderBadge(sampleScorecard())).toBe(svg);
  });
});
