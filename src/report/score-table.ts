import type { CapabilityStatus, Scorecard } from '../audit/scorecard.js';
import { paint, type Paint } from './paint.js';

const STATUS_STYLE: Record<CapabilityStatus, keyof Paint> = {
  present: 'green',
  partial: 'yellow',
  absent: 'red',
  'not-applicable': 'gray',
  inconclusive: 'magenta',
};

/** The capability table printed after an audit's findings: score, threshold and status of each (the gate is in the summary line). */
export function renderScoreTable(scorecard: Scorecard, colour: boolean): string {
  const style = paint(colour);
  const width = Math.max(10, ...scorecard.capabilities.map((c) => c.id.length));
  const lines = [`${'capability'.padEnd(width)}  score  threshold  status`];
  for (const c of scorecard.capabilities) {
    const status = style[STATUS_STYLE[c.status]](c.status);
    lines.push(
      `${c.id.padEnd(width)}  ${String(c.score ?? '-').padStart(5)}  ${String(c.threshold).padStart(9)}  ${status}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
