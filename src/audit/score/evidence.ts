import { startOf } from '../facts/text.js';
import type { FileFacts } from '../facts/types.js';
import type { Match } from '../matchers/types.js';
import type { Evidence, FlowStep } from '../scorecard.js';

const MAX_SNIPPET = 160;
// A quoted value on a line that names a secret, or any long token-like quoted value (keys, JWTs, digests).
const SECRET_NAME = /(secret|passw(or)?d|token|api[_-]?key|private[_-]?key|credential|authorization|bearer)/i;
const QUOTED = /(['"`])([^'"`\n]{8,})\1/g;
const TOKEN_LIKE = /^[A-Za-z0-9+/=_\-.:]{24,}$/;

const lineStartsOf = new WeakMap<FileFacts, number[]>();

/** The offsets at which each line of a file starts (computed once per file, only for files with evidence). */
function lineStarts(file: FileFacts): number[] {
  let starts = lineStartsOf.get(file);
  if (!starts) {
    starts = [0];
    const text = file.text;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    lineStartsOf.set(file, starts);
  }
  return starts;
}

/** Where a match is: file, 1-based line and column, and the trimmed line with secrets masked. */
export function locate(match: Match): Evidence | undefined {
  const { file, fact } = match;
  if (!file || !fact) return undefined;
  const framework = match.framework && {
    name: match.framework.title,
    package: match.framework.package,
    version: match.framework.version,
    because: match.framework.because,
  };
  const path = match.path?.map((step): FlowStep => ({ ...placeAt(step.file, step.offset), note: step.note }));
  return {
    ...placeAt(file, startOf(file.text, fact.at ?? fact.pos)),
    ...(framework ? { framework } : {}),
    ...(path && path.length > 0 ? { path } : {}),
  };
}

/** The line, column and masked line text at an offset of a file. */
function placeAt(file: FileFacts, start: number): Omit<FlowStep, 'note'> {
  const starts = lineStarts(file);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= start) low = mid;
    else high = mid - 1;
  }
  const lineStart = starts[low]!;
  const lineText = file.text.slice(lineStart, starts[low + 1] ?? file.text.length);
  return { file: file.path, line: low + 1, column: start - lineStart + 1, snippet: snippetOf(lineText) };
}

/** A line as shown in reports: trimmed, at most 160 characters, secret-looking quoted values replaced by `***`. */
export function snippetOf(lineText: string): string {
  const trimmed = lineText.trim();
  const namesSecret = SECRET_NAME.test(trimmed);
  const masked = trimmed.replace(QUOTED, (whole, quote: string, value: string) =>
    (namesSecret || TOKEN_LIKE.test(value)) && !isNameOrCode(value) ? `${quote}***${quote}` : whole,
  );
  return masked.length > MAX_SNIPPET ? `${masked.slice(0, MAX_SNIPPET - 1)}…` : masked;
}

/**
 * A quoted value that shows no secret: the name of a header or field (`"Authorization"`, `'x-api-key'`: letters and
 * dashes, no digits, as secrets always have) or a template that only interpolates (`\`Bearer ${token}\``).
 */
function isNameOrCode(value: string): boolean {
  if (/^[A-Za-z][A-Za-z_-]{0,40}$/.test(value)) return true;
  return value.includes('${') && value.replace(/\$\{[^}]*\}/g, '').replace(/[\s:/.-]/g, '').length < 12;
}

/** Evidence in report order: by file, line, column; duplicates removed. */
export function sortEvidence(evidence: readonly Evidence[]): Evidence[] {
  const unique = new Map<string, Evidence>();
  for (const e of evidence) {
    const key = `${e.file}\u0000${e.line}\u0000${e.column}`;
    // The same place found by the code's own work and by a framework fact: keep the framework's explanation.
    if (!unique.get(key)?.framework) unique.set(key, e);
  }
  return [...unique.values()].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}
