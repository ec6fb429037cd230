/** Captures pino's output lines in memory, parsed, for assertions. */
import { Writable } from 'node:stream';

export interface CapturedLog {
  stream: Writable;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Every byte written so far (to search for secrets). */
  text(): string;
}

/** A stream that keeps what the logger writes. */
export function captureLog(): CapturedLog {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
