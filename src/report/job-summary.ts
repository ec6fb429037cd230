import type { Scorecard } from '../audit/scorecard.js';
import { isProductionReady, scoreText, statusLabel } from './capability-facts.js';

/** A cell of a GitHub job-summary table (the shape `core.summary.addTable` takes). */
export interface SummaryCell {
  data: string;
  header?: boolean;
}

/** The job summary's parts: a headline and the capability table, HTML-escaped, ready for `core.summary`. */
export interface JobSummary {
  heading: string;
  headline: string;
  table: SummaryCell[][];
  /** The capabilities that could not be decided, each with its reason (the files that were not analysed). */
  inconclusive?: string;
  baseline?: string;
}

/**
 * The GitHub job summary of an audit (pure): gate, overall score, one row per capability with score, threshold,
 * status and production readiness, plus the change against the baseline when there is one.
 */
export function jobSummary(scorecard: Scorecard): JobSummary {
  const deltas = new Map(scorecard.baseline?.capabilities.map((d) => [d.id, d]) ?? []);
  const withBaseline = scorecard.baseline !== undefined;
  const header = [
    'Capability',
    'Status',
    'Score',
    'Threshold',
    'Production ready',
    ...(withBaseline ? ['Change'] : []),
  ];
  const rows = scorecard.capabilities.map((c) => {
    const delta = deltas.get(c.id);
    const change = delta === undefined || delta.before === null ? 'new' : signed(delta.delta);
    return [
      `${escapeHtml(c.title)} (<code>${escapeHtml(c.id)}</code>)`,
      statusLabel(c.status),
      scoreText(c),
      `${c.threshold}%`,
      c.score === null ? scoreText(c) : isProductionReady(c) ? 'Yes' : 'No',
      ...(withBaseline ? [change] : []),
    ].map((data) => ({ data }));
  });
  const { overall } = scorecard;
  const violations = scorecard.capabilities
    .flatMap((c) => c.safeguards)
    .filter((s) => s.result === 'violated')
    .reduce((n, s) => n + s.evidence.filter((e) => e.file !== '').length, 0);
  const summary: JobSummary = {
    heading: 'MCP safeguard audit',
    headline:
      `Gate <b>${overall.gate === 'pass' ? '✅ pass' : '❌ fail'}</b> (mode <code>${overall.gateMode}</code>): ` +
      `${overall.passing}/${overall.total} capabilities at or above their threshold, average score ` +
      `${overall.score}%, ${violations} violation location${violations === 1 ? '' : 's'}.`,
    table: [header.map((data) => ({ data, header: true })), ...rows],
  };
  const inconclusive = scorecard.capabilities.filter((c) => c.status === 'inconclusive');
  if (inconclusive.length > 0) {
    summary.inconclusive =
      `Inconclusive (the gate ${overall.allowInconclusive ? 'allows this' : 'fails on it'}): ` +
      inconclusive
        .map((c) => `<code>${escapeHtml(c.id)}</code>: ${escapeHtml(c.reason ?? 'no reason given')}`)
        .join('; ') +
      '.';
  }
  if (scorecard.baseline) {
    const b = scorecard.baseline;
    summary.baseline =
      `Baseline: average ${b.overallBefore}% → ${overall.score}% (${signed(b.overallDelta)}), ` +
      `${b.newViolations.length} new and ${b.fixedViolations.length} fixed violation locations` +
      `${b.regressed ? ', <b>a capability score dropped</b>' : ''}.`;
  }
  return summary;
}

/** Escape text for the HTML that `core.summary` writes (it inserts cell data as is). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
