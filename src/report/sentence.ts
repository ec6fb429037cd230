/** Text as a sentence: trimmed and ending with a period (SARIF validators and annotations expect one). */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
