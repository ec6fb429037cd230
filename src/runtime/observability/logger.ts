/**
 * Structured JSON logs with pino, one line per event in the seed's shape:
 * `{"level":"INFO","timestamp":"…","event":"tool_invoked","tool":"…","principal":"…","tenant":"…","request_id":"…","duration_ms":1.2}`.
 * Secrets are never passed to the logger in the first place; the redact list is the second line of defence for
 * anything that carries a credential by accident (headers, keys, tokens, passwords).
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Field paths whose values are replaced by "[REDACTED]" wherever they appear (top level or one level down). */
export const REDACTED_PATHS: readonly string[] = [
  'authorization',
  'cookie',
  'password',
  'password_hash',
  'token',
  'access_token',
  'refresh_token',
  'api_key',
  'apiKey',
  'key',
  'secret',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.password_hash',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.api_key',
  '*.apiKey',
  '*.key',
  '*.secret',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
];

export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface EventLoggerOptions {
  level?: LogLevelName;
  /**
   * Where lines go: `stderr` (the default, and the only choice on stdio, whose stdout carries MCP messages),
   * `stdout`, a file path (appended, written asynchronously), or a stream (tests capture lines this way).
   */
  destination?: 'stderr' | 'stdout' | string | DestinationStream;
}

/** A pino logger in the seed's shape. */
export function createEventLogger(options: EventLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: null,
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
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
  return pino.destination({ dest: destination, sync: false, mkdir: true });
}
