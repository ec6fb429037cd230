/** Code-unit order, the same on every machine and locale: how paths and ids are sorted throughout the audit. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
