/**
 * Log fields that come from a request (method, tool, ids, header values) are cut to a fixed length: a client must
 * not be able to make one log line, or the disk behind it, as large as its request (a 900 KB method name was logged
 * in full, twice per request, even when the request was refused).
 */

/** Longest request-derived value kept in a log line, in UTF-16 units. */
export const MAX_LOGGED_FIELD = 128;

/** The value, cut to MAX_LOGGED_FIELD with `…` and the original length when longer. */
export function boundedField(value: string): string;
export function boundedField(value: string | undefined): string | undefined;
export function boundedField(value: string | undefined): string | undefined {
  if (value === undefined || value.length <= MAX_LOGGED_FIELD) return value;
  return `${value.slice(0, MAX_LOGGED_FIELD)}…(${value.length} chars)`;
}
