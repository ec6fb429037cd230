/** Markdown escaping for text that comes from rule files and audited sources (GitHub-flavoured Markdown). */

/** Escape inline Markdown and HTML so that text renders literally (rule titles can contain `<IMPORTANT>` etc.). */
export function mdText(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`);
}

/** An inline code span that survives any backticks in `text`; `inTable` escapes pipes, which GFM tables split on. */
export function mdCode(text: string, inTable = false): string {
  const body = oneLine(text);
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  const padded = body.startsWith('`') || body.endsWith('`') ? ` ${body} ` : body;
  const span = `${fence}${padded}${fence}`;
  return inTable ? span.replace(/\|/g, '\\|') : span;
}

/** A fenced code block whose fence is longer than any backtick run in the code. */
export function mdCodeBlock(code: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
  return `${fence}${language}\n${code}\n${fence}`;
}

/** Shorten text to `max` characters (an ellipsis marks the cut). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}
