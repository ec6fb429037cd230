import type { Scorecard } from '../audit/scorecard.js';
import { countFindings, findingsOf } from './findings.js';
import { paint } from './paint.js';

/** What the one-line summary weighs besides the scorecard. */
export interface SummaryLineOptions {
  colour: boolean;
  /** `--max-findings N`: the summary says when the errors and warnings are more than N. */
  maxFindings?: number;
}

/**
 * The last line of an audit on the console, as ESLint ends with its problem count: the findings by severity, the
 * overall score and the gate, e.g. `✖ 3 problems (2 errors, 1 warning) · overall 45 · 2 of 5 capabilities at or
 * above their threshold · gate (capability): fail`.
 */
export function renderSummaryLine(scorecard: Scorecard, options: SummaryLineOptions): string {
  const style = paint(options.colour);
  const counts = countFindings(findingsOf(scorecard));
  const total = counts.error + counts.warning + counts.note;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.note > 0) parts.push(plural(counts.note, 'note'));
  const problems =
    total === 0
      ? style.green('✔ no problems')
      : (counts.error > 0 ? style.red : style.yellow)(`✖ ${plural(total, 'problem')} (${parts.join(', ')})`);
  const { overall } = scorecard;
  const gate = `gate (${overall.gateMode}): ${overall.gate}`;
  const pieces = [
    problems,
    `overall ${overall.score}`,
    `${overall.passing} of ${overall.total} capabilities at or above their threshold`,
    overall.gate === 'pass' ? style.green(gate) : style.red(gate),
  ];
  const counted = counts.error + counts.warning;
  if (options.maxFindings !== undefined && counted > options.maxFindings) {
    const what = counted === 1 ? 'error or warning' : 'errors or warnings';
    pieces.push(style.red(`${counted} ${what}, more than --max-findings ${options.maxFindings}`));
  }
  return `${style.bold(pieces.join(' · '))}\n`;
}

/** Whether the errors and warnings found are more than `--max-findings` allows (notes are not counted). */
export function exceedsMaxFindings(scorecard: Scorecard, maxFindings: number | undefined): boolean {
  if (maxFindings === undefined) return false;
  const counts = countFindings(findingsOf(scorecard));
  return counts.error + counts.warning > maxFindings;
}
