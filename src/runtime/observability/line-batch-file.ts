/**
 * A pino destination that appends log lines to a file in synchronous batches of about 4 KiB, and at least once a
 * second.
 *
 * Why not pino.destination({ minLength }): sonic-boom measures the byte length of its whole pending buffer on every
 * line, which flattens that growing string each time: about 2.3 KB of garbage and 0.7 µs per line on the runtime's
 * request line (Node 22), more than the rest of the write. Here a line is only pushed onto an array; the batch is
 * joined and written once. Synchronous on purpose: a 4 KiB append lands in the page cache in microseconds, while an
 * asynchronous write costs a thread-pool round trip. A process killed outright loses at most the unwritten batch;
 * a normal exit and logger.flush() write it. The file stays open for the life of the process, like the server's.
 */
import { writeSync } from 'node:fs';

/** Pending bytes (counted as UTF-16 code units, which is close enough for a threshold) that trigger a write. */
const BATCH_CHARS = 4096;
const FLUSH_INTERVAL_MS = 1000;

/** Open files, written once more when the process exits (one listener for all of them). */
const openFiles = new Set<LineBatchFile>();
let exitHookInstalled = false;

export class LineBatchFile {
  private lines: string[] = [];
  private pendingChars = 0;
  private failed = false;

  constructor(private readonly fd: number) {
    setInterval(() => this.flushSync(), FLUSH_INTERVAL_MS).unref();
    openFiles.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => {
        for (const file of openFiles) file.flushSync();
      });
    }
  }

  /** Called by pino with one serialized line (newline included). */
  write(line: string): boolean {
    this.lines.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= BATCH_CHARS) this.flushSync();
    return true;
  }

  /** Writes every pending line now. */
  flushSync(): void {
    if (this.lines.length === 0) return;
    const data = Buffer.from(this.lines.join(''), 'utf8');
    this.lines = [];
    this.pendingChars = 0;
    try {
      for (let offset = 0; offset < data.length;) offset += writeSync(this.fd, data, offset);
    } catch (error) {
      // A full disk or a revoked file must not take the server down from inside a request: say so once, go on.
      if (!this.failed) {
        this.failed = true;
        process.emitWarning(`mcp-safeguard: log lines could not be written: ${String(error)}`);
      }
    }
  }

  /** pino's logger.flush(cb). */
  flush(callback?: (error?: Error) => void): void {
    this.flushSync();
    callback?.();
  }
}
