import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../scorecard.js';

/** One source file read from the target: its path relative to the audited root and its text. */
export interface SourceText {
  path: string; // `/`-separated, relative to the root
  text: string;
  digest: string; // sha256 of the bytes read
}

/**
 * Reads one source file. An oversized or unreadable file becomes a diagnostic and the reason it is left out;
 * invalid UTF-8 is a diagnostic too, but the file is still audited (decoded with U+FFFD).
 */
export function readSource(
  root: string,
  relative: string,
  maxBytes: number,
  diagnostics: Diagnostic[],
): SourceText | 'too-large' | 'unreadable' {
  const absolute = path.join(root, relative);
  let bytes: Buffer;
  try {
    const size = statSync(absolute).size;
    if (size > maxBytes) {
      diagnostics.push({
        severity: 'warning',
        code: 'file-too-large',
        message: `skipped: ${size} bytes is above the ${maxBytes}-byte limit for source files (generated code?)`,
        file: relative,
      });
      return 'too-large';
    }
    bytes = readFileSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const reason = code === 'ELOOP' ? 'symbolic link loop' : code === 'EACCES' ? 'permission denied' : code;
    diagnostics.push({
      severity: 'warning',
      code: 'unreadable-file',
      message: `skipped: ${reason}`,
      file: relative,
    });
    return 'unreadable';
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const line = firstInvalidUtf8Line(bytes);
    diagnostics.push({
      severity: 'warning',
      code: 'non-utf8',
      message: 'the file is not valid UTF-8; invalid bytes were read as U+FFFD and the rest was audited',
      file: relative,
      line,
      column: 1,
    });
    text = new TextDecoder('utf-8').decode(bytes);
  }
  return { path: relative, text: text.startsWith('\uFEFF') ? text.slice(1) : text, digest };
}

// The 1-based line of the first byte sequence that is not UTF-8 (decoding line by line is enough to find it).
function firstInvalidUtf8Line(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return 1;
}
