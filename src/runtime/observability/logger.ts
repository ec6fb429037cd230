/**
 * Structured JSON logs with pino, one line per event, in one fixed shape (docs/security.md, Logs):
 * `{"level":"INFO","timestamp":"…","event":"tool_invoked","tool":"…","principal":"…","tenant":"…","request_id":"…","duration_ms":1.2}`.
 * Secrets are never passed to the logger in the first place; the redact list is the second line of defence for
 * anything that carries a credential by accident (headers, keys, tokens, passwords).
 */
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type DestinationStream, type Logger } from 'pino';
import { LineBatchFile } from './line-batch-file.js';

export type { Logger } from 'pino';

/** Field names whose values are secrets. */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'password',
  'password_hash',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'api_key',
  'apiKey',
  'key',
  'secret',
];

/** Objects that may carry those fields (and `x-api-key`) one level down. */
const SECRET_CONTAINERS = ['headers', 'req.headers', 'config', 'params', 'arguments', 'credentials'];

/**
 * Exact paths whose values are replaced by "[REDACTED]". Exact paths only: pino's wildcard paths (`*.token`) cost
 * about 15-35 µs per line here, more than the whole request, while exact paths cost next to nothing.
 */
export const REDACTED_PATHS: readonly string[] = [
  ...SECRET_FIELDS,
  ...SECRET_CONTAINERS.flatMap((container) =>
    [...SECRET_FIELDS, 'x-api-key'].map((field) => `${container}[${JSON.stringify(field)}]`),
  ),
];

export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface EventLoggerOptions {
  level?: LogLevelName;
  /**
   * Where lines go: `stderr` (the default, and the only choice on stdio, whose stdout carries MCP messages),
   * `stdout`, a file path (appended in synchronous batches of about 4 KiB, see LineBatchFile), or a stream (tests
   * capture lines this way).
   */
  destination?: 'stderr' | 'stdout' | string | DestinationStream;
}

let lastMs = -1;
let lastField = '';
/** Set while a line about an earlier moment is written (see writtenAt). */
let eventTimeMs: number | undefined;

/** The `timestamp` field, formatted once per millisecond (toISOString per line was a visible part of the cost). */
function isoTimestamp(): string {
  const now = eventTimeMs ?? Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastField = `,"timestamp":"${new Date(now).toISOString()}"`;
  }
  return lastField;
}

/**
 * Runs `write` (a logger call) so that its line is stamped with `ms` (epoch milliseconds) instead of the current
 * time: lines written in a batch after the fact (RequestRecorder) keep the time their event happened.
 */
export function writtenAt<T>(ms: number, write: () => T): T {
  eventTimeMs = ms;
  try {
    return write();
  } finally {
    eventTimeMs = undefined;
  }
}

/** A pino logger writing that shape (upper-case level, ISO timestamp, snake_case fields). */
export function createEventLogger(options: EventLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: null,
      timestamp: isoTimestamp,
      formatters: { level: (label) => ({ level: label.toUpperCase() }) },
      redact: { paths: [...REDACTED_PATHS], censor: '[REDACTED]' },
    },
    destinationOf(options.destination ?? 'stderr'),
  );
}

function destinationOf(destination: NonNullable<EventLoggerOptions['destination']>): DestinationStream {
  if (typeof destination !== 'string') return destination;
  if (destination === 'stderr') return pino.destination({ dest: 2, sync: false });
  if (destination === 'stdout') return pino.destination({ dest: 1, sync: false });
  // Opened here, synchronously: a path that cannot be written fails at start-up with a clear message instead of
  // crashing the process later, and the stream is ready before the first request.
  let fd: number;
  try {
    mkdirSync(dirname(destination), { recursive: true });
    fd = openSync(destination, 'a', 0o600);
  } catch (error) {
    throw new Error(
      `logging.destination: cannot open ${destination} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  // Synchronous batches of about 4 KiB (see LineBatchFile for why, and what a crash can lose).
  return new LineBatchFile(fd);
}
