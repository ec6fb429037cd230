import type { SuppressionComment } from './types.js';

// `// safeguard-ignore <id>: <reason>`; the reason is captured even when empty so that the judge can refuse it.
const SUPPRESSION = /\/\/\s*safeguard-ignore\s+([A-Za-z0-9_-]+)\s*(?::\s*(.*))?$/;

/** Reads the `// safeguard-ignore` comments of a file (a cheap text scan: most files have none). */
export function readSuppressions(text: string): SuppressionComment[] {
  if (!text.includes('safeguard-ignore')) return [];
  const found: SuppressionComment[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = SUPPRESSION.exec(lines[i] ?? '');
    if (match) found.push({ safeguard: match[1] ?? '', line: i + 1, reason: (match[2] ?? '').trim() });
  }
  return found;
}
