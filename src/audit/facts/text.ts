/** Where a node's own text starts: `pos` moved past whitespace and comments (the compiler's leading trivia). */
export function startOf(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (
      c === 0x20 ||
      c === 0x09 ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x0b ||
      c === 0x0c ||
      c === 0xfeff ||
      c === 0xa0
    ) {
      i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline + 1;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (c === 0x23 && i === 0 && text.charCodeAt(1) === 0x21) {
      const newline = text.indexOf('\n', i); // a #! line at the top of a script
      i = newline < 0 ? text.length : newline + 1;
    } else {
      break;
    }
  }
  return i;
}

/** A node's source text without leading trivia. */
export function nodeText(text: string, pos: number, end: number): string {
  return text.slice(startOf(text, pos), end);
}

/** A node's source text with all whitespace removed, as `callee`, `receiver` and `object` patterns see it. */
export function compactText(text: string, pos: number, end: number): string {
  const raw = nodeText(text, pos, end);
  return /\s/.test(raw) ? raw.replace(/\s+/g, '') : raw;
}
