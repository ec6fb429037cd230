/** Commander's parser for an option that may be given several times (`--rules a --rules b`): the values in order. */
export const repeatable = (value: string, previous: string[]): string[] => [...previous, value];
