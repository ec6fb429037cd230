/** Where a progress line is drawn: stderr, when it is a terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A progress line: `show` on each phase the audit reports, `clear` before anything else is printed. */
export interface Progress {
  show(phase: string): void;
  clear(): void;
}

/** The audit's phases in order, for the `[2/5]` step count (a phase not listed is shown without one). */
const PHASES = ['loading rules', 'finding the MCP server', 'reading sources', 'indexing', 'evaluating rules'];

/**
 * A one-line progress display redrawn in place on a terminal: the step, the phase with the counts the audit gives
 * (`indexing 412 files`) and the seconds so far. Nothing at all when the stream is not a terminal, so that logs and
 * pipes get only the report.
 */
export function terminalProgress(stream: ProgressStream, now: () => number = Date.now): Progress | undefined {
  if (stream.isTTY !== true) return undefined;
  const started = now();
  let drawn = false;
  return {
    show: (phase) => {
      const step = PHASES.findIndex((name) => phase.startsWith(name));
      const counter = step === -1 ? '' : `[${step + 1}/${PHASES.length}] `;
      const seconds = ((now() - started) / 1000).toFixed(1);
      stream.write(`\r\u001b[2Ksafeguard: ${counter}${phase}… ${seconds} s`);
      drawn = true;
    },
    clear: () => {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
