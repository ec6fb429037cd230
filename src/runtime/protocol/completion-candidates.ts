/** Looking up the completer a prompt or resource template declares for an argument the client names. */

/** Completers by argument name, as prompts and resource templates declare them. */
export type Completers = Readonly<Record<string, (value: string) => string[]>>;

/**
 * The candidates for `argument`: only an own entry of `completers` is a completer, since the argument name comes from
 * the client (`__proto__` would reach Object.prototype and fail as an internal error, `constructor` would call
 * Object() and answer a string), and only strings in an array are candidates.
 */
export function completionCandidates(
  completers: Completers | undefined,
  argument: string,
  value: string,
): string[] {
  if (!completers || !Object.hasOwn(completers, argument)) return [];
  const candidates: unknown = completers[argument]?.(value);
  return Array.isArray(candidates) ? candidates.filter((c): c is string => typeof c === 'string') : [];
}
