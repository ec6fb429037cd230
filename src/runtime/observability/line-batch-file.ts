/**
 * A pino destination that appends log lines to a file in synchronous batches of about 4 KiB, and at least once a
 * second.
 *
 * Why not pino.destination({ minLength }): sonic-boom measures the byte length of its whole pending buffer on every
 * line, which flattens that growing string each time: about 2.3 KB of garbage and 0.7 µs per line on the runtime's
 * request line (Node 22), more than the rest of the write. Here each line is encoded straight into one buffer that
 * lives as long as the file, and the batch is written from it: no array of pending strings to join and no new buffer
 * per batch. Synchronous on purpose: a 4 KiB append lands in the page cache in microseconds, while an asynchronous
 * write costs a thread-pool round trip. A process killed outright loses at most the unwritten batch; a normal exit
 * and logger.flush() write it. The file stays open for the life of the process, like the server's.
 */
import { writeSync } from 'node:fs';

/** Pending bytes that trigger a write. */
const BATCH_BYTES = 4096;
/** Room for the batch plus one more line of up to this many bytes; a longer line is written on its own. */
const BUFFER_BYTES = 4 * BATCH_BYTES;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit: a line of n units surely fits in 3n bytes. */
const MAX_UTF8_BYTES_PER_UNIT = 3;
const FLUSH_INTERVAL_MS = 1000;

/** Open files, written once more when the process exits (one listener for all of them). */
const openFiles = new Set<LineBatchFile>();
let exitHookInstalled = false;

export class LineBatchFile {
  private readonly pending = Buffer.allocUnsafe(BUFFER_BYTES);
  private pendingBytes = 0;
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
    const mostBytes = line.length * MAX_UTF8_BYTES_PER_UNIT;
    if (this.pendingBytes + mostBytes > BUFFER_BYTES) {
      this.flushSync();
      if (mostBytes > BUFFER_BYTES) {
        const alone = Buffer.from(line, 'utf8');
        this.writeAll(alone, alone.length);
        return true;
      }
    }
    this.pendingBytes += this.pending.write(line, this.pendingBytes, 'utf8');
    if (this.pendingBytes >= BATCH_BYTES) this.flushSync();
    return true;
  }

  /** Writes every pending line now. */
  flushSync(): void {
    if (this.pendingBytes === 0) return;
    const end = this.pendingBytes;
    this.pendingBytes = 0;
    this.writeAll(this.pending, end);
  }

  /** pino's logger.flush(cb). */
  flush(callback?: (error?: Error) => void): void {
    this.flushSync();
    callback?.();
  }

  /** Writes the first `length` bytes of `data`. */
  private writeAll(data: Buffer, length: number): void {
    try {
      for (let offset = 0; offset < length;) offset += writeSync(this.fd, data, offset, length - offset);
    } catch (error) {
      // A full disk or a revoked file must not take the server down from inside a request: say so once, go on.
      if (!this.failed) {
        this.failed = true;
        process.emitWarning(`mcp-safeguard: log lines could not be written: ${String(error)}`);
      }
    }
  }
}
