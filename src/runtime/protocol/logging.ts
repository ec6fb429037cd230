/** MCP log levels (syslog severities). */
export type LogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

/** Syslog severities in increasing order, as MCP logging uses them. */
export const logLevels: readonly LogLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

/** Whether a message at `level` passes a `minimum` (undefined minimum passes everything). */
export function passesLevel(level: LogLevel, minimum: LogLevel | undefined): boolean {
  return minimum === undefined || logLevels.indexOf(level) >= logLevels.indexOf(minimum);
}
