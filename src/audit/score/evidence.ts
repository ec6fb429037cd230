import type { Match } from '../matchers/types.js';
import type { Evidence } from '../scorecard.js';

const MAX_SNIPPET = 160;
// A quoted value on a line that names a secret, or any long token-like quoted value (keys, JWTs, digests).
const SECRET_NAME = /(secret|passw(or)?d|token|api[_-]?key|private[_-]?key|credential|authorization|bearer)/i;
const QUOTED = /(['"`])([^'"`\n]{8,})\1/g;
const TOKEN_LIKE = /^[A-Za-z0-9+/=_\-.:]{24,}$/;

/** Where a match is: file, 1-based line and column, and the trimmed line with secrets masked. */
export function locate(match: Match): Evidence | undefined {
  if (!match.file || !(match.at ?? match.node)) return undefined;
  const sourceFile = match.file.sourceFile;
  const node = match.at ?? match.node!;
  const start = node.getStart(sourceFile);
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
  const lineStarts = sourceFile.getLineStarts();
  const lineText = sourceFile.text.slice(lineStarts[line], lineStarts[line + 1] ?? sourceFile.text.length);
  return { file: match.file.path, line: line + 1, column: character + 1, snippet: snippetOf(lineText) };
}

/** A line as shown in reports: trimmed, at most 160 characters, secret-looking quoted values replaced by `***`. */
export function snippetOf(lineText: string): string {
  const trimmed = lineText.trim();
  const namesSecret = SECRET_NAME.test(trimmed);
  const masked = trimmed.replace(QUOTED, (whole, quote: string, value: string) =>
    namesSecret || TOKEN_LIKE.test(value) ? `${quote}***${quote}` : whole,
  );
  return masked.length > MAX_SNIPPET ? `${masked.slice(0, MAX_SNIPPET - 1)}…` : masked;
}

/** Evidence in report order: by file, line, column; duplicates removed. */
export function sortEvidence(evidence: readonly Evidence[]): Evidence[] {
  const unique = new Map<string, Evidence>();
  for (const e of evidence) unique.set(`${e.file}\u0000${e.line}\u0000${e.column}`, e);
  return [...unique.values()].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}
