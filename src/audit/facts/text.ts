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

// Texts of facts (a callee, a receiver, an accessed object, a compared operand, an argument) are at most this many
// source characters: in a chain such as `a()()()…` each call's callee is the whole chain before it (and in
// `f(f(f(…)))` each argument the whole nest inside it), so whole texts would make the audit quadratic in the chain's
// length. Real callees, operands and arguments are far shorter.
const MAX_FACT_TEXT = 1024;
const KEPT_EACH_SIDE = MAX_FACT_TEXT / 2;

/**
 * A node's source text as fact patterns see it: without leading trivia, and, above 1024 characters, its first and
 * last 512 joined by `…`, so that a pattern anchored at either end (`^child_process\.`, `\.exec$`) still sees that
 * end.
 */
export function factText(text: string, pos: number, end: number): string {
  const start = startOf(text, pos);
  if (end - start <= MAX_FACT_TEXT) return text.slice(start, end);
  return `${text.slice(start, start + KEPT_EACH_SIDE)}…${text.slice(end - KEPT_EACH_SIDE, end)}`;
}

/** A node's fact text (see `factText`) with all whitespace removed, as `callee`, `receiver` and `object` patterns see it. */
export function compactText(text: string, pos: number, end: number): string {
  const raw = factText(text, pos, end);
  return /\s/.test(raw) ? raw.replace(/\s+/g, '') : raw;
}
