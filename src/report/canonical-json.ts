/**
 * Deterministic JSON: object keys sorted by code unit (as in RFC 8785), arrays kept in order, 2-space indent and a
 * trailing newline. The same Scorecard therefore serialises to the same bytes however it was built.
 */

/** Serialise a JSON-compatible value with sorted keys, 2-space indentation and a trailing newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      // undefined members vanish in JSON.stringify anyway; dropping them here keeps the key order obvious.
      if (child !== undefined) sorted[key] = sortKeys(child);
    }
    return sorted;
  }
  return value;
}
