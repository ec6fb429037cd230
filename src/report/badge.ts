import type { Scorecard } from '../audit/scorecard.js';

const LABEL = 'mcp safeguard';
const PASS_COLOUR = '#2e7d32';
const FAIL_COLOUR = '#c62828';
const LABEL_COLOUR = '#555';

/**
 * reports/badge.svg: a flat badge with the overall score and the gate ("mcp safeguard | 76% pass"). Text widths are
 * estimated per character (no font measuring), so the same scorecard always gives the same bytes.
 */
export function renderBadge(scorecard: Scorecard): string {
  const value = `${scorecard.overall.score}% ${scorecard.overall.gate}`;
  const colour = scorecard.overall.gate === 'pass' ? PASS_COLOUR : FAIL_COLOUR;
  const labelWidth = textWidth(LABEL) + 10;
  const valueWidth = textWidth(value) + 10;
  const width = labelWidth + valueWidth;
  const title = `${LABEL}: ${value}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)">`,
    `<rect width="${labelWidth}" height="20" fill="${LABEL_COLOUR}"/>`,
    `<rect x="${labelWidth}" width="${valueWidth}" height="20" fill="${colour}"/>`,
    `<rect width="${width}" height="20" fill="url(#s)"/>`,
    `</g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">`,
    `<text x="${labelWidth / 2}" y="15" fill="#010101" fill-opacity=".3">${LABEL}</text>`,
    `<text x="${labelWidth / 2}" y="14">${LABEL}</text>`,
    `<text x="${labelWidth + valueWidth / 2}" y="15" fill="#010101" fill-opacity=".3">${value}</text>`,
    `<text x="${labelWidth + valueWidth / 2}" y="14">${value}</text>`,
    `</g>`,
    `</svg>`,
    '',
  ].join('\n');
}

/** Approximate width in pixels of Verdana 11px text: narrow, wide and average glyph classes. */
function textWidth(text: string): number {
  let width = 0;
  for (const c of text) {
    if (/[ilj.,:;!|'1]/.test(c)) width += 4;
    else if (/[mwMW%]/.test(c)) width += 11;
    else if (c === ' ') width += 4;
    else width += 7;
  }
  return width;
}
