import type { FindingSeverity, Scorecard } from '../audit/scorecard.js';
import { findingsOf, type LocatedFinding } from './findings.js';
import { paint } from './paint.js';

/** How the finding list is written to a terminal. */
export interface StylishOptions {
  colour: boolean;
  /** Prefix for the paths shown (the audited folder relative to the working directory), so they can be opened. */
  base?: string;
  /** Show error findings only (`--quiet`), as ESLint's `--quiet` leaves warnings out. */
  errorsOnly?: boolean;
}

/**
 * The findings of an audit as ESLint's `stylish` formatter shows lint problems: grouped by file, one line each with
 * `line:column  severity  message  rule-id`, a taint path's steps indented below its finding, and a blank line after
 * the last. Empty when nothing was found, as ESLint prints nothing for a clean run; the counts are in the summary
 * line (summary-line.ts), printed last.
 */
export function renderStylish(scorecard: Scorecard, options: StylishOptions): string {
  const findings = findingsOf(scorecard).filter((f) => !options.errorsOnly || f.finding.severity === 'error');
  if (findings.length === 0) return '';
  const style = paint(options.colour);
  const shown = (file: string): string =>
    options.base === undefined || options.base === '' || options.base === '.'
      ? file
      : `${options.base}/${file}`;
  // As ESLint aligns them: lines to the right, columns to the left, around the colon.
  const lineWidth = Math.max(...findings.map((f) => String(f.evidence.line).length));
  const columnWidth = Math.max(...findings.map((f) => String(f.evidence.column).length));
  const placeWidth = lineWidth + 1 + columnWidth;
  const place = (f: LocatedFinding): string =>
    `${String(f.evidence.line).padStart(lineWidth)}:${String(f.evidence.column).padEnd(columnWidth)}`;
  const severityWidth = Math.max(...findings.map((f) => f.finding.severity.length));
  const messageWidth = Math.max(...findings.map((f) => f.finding.message.length));
  const severityStyle = (severity: FindingSeverity): ((text: string) => string) =>
    severity === 'error' ? style.red : severity === 'warning' ? style.yellow : style.cyan;

  const lines: string[] = [];
  let file: string | undefined;
  for (const f of findings) {
    if (f.evidence.file !== file) {
      if (file !== undefined) lines.push('');
      file = f.evidence.file;
      lines.push(style.underline(shown(file)));
    }
    const severity = severityStyle(f.finding.severity)(f.finding.severity.padEnd(severityWidth));
    lines.push(
      `  ${style.gray(place(f))}  ${severity}  ${f.finding.message.padEnd(messageWidth)}  ` +
        style.gray(f.safeguard.id),
    );
    const path = f.evidence.path ?? [];
    const stepWidth = Math.max(0, ...path.map((s) => `${shown(s.file)}:${s.line}:${s.column}`.length));
    for (const step of path) {
      const at = `${shown(step.file)}:${step.line}:${step.column}`;
      lines.push(`  ${' '.repeat(placeWidth)}  ${style.gray(`${at.padEnd(stepWidth)}  ${step.note}`)}`);
    }
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}
