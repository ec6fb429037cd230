/** What a backtracking engine's running time on a JavaScript regular expression depends on. */
export interface RegexShape {
  /**
   * The first group that repeats (`*`, `+`, `{n,m}`) and holds a quantifier or an alternation, as written (`(a+)+`,
   * `(a|a)*`): it can match one string in exponentially many ways, which backtracking tries one by one; the shape
   * behind every classic catastrophic pattern.
   */
  nestedGroup?: string;
  /**
   * How many quantifiers have no upper bound (`*`, `+`, `{n,}`). Without one, and without a nested group, the work at
   * each position of the input is bounded by the pattern alone, so backtracking is linear in the input; with `q` of
   * them (and no nested group), it tries at most about n^(q+1) ways on an input of n characters.
   */
  unbounded: number;
}

// An opening parenthesis with its kind: `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`.
const GROUP_OPENING = /\((\?(<[=!]|<[^>]*>|[:=!]))?/y;
const BRACES = /\{(\d+)(,(\d*))?\}/y;

/** Reads the shape of a pattern that `new RegExp` already accepted. */
export function regexShape(source: string): RegexShape {
  // One frame per open group: where it starts and whether its body repeats or branches.
  const open: { start: number; ambiguous: boolean }[] = [{ start: 0, ambiguous: false }];
  let unbounded = 0;
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '\\') {
      i += 2; // the escaped character is a literal or a class; it never opens, closes or repeats a group
    } else if (char === '[') {
      i = classEnd(source, i);
    } else if (char === '(') {
      open.push({ start: i, ambiguous: false });
      // The `?` of `(?:` and its kin marks the group's kind; it is no quantifier.
      GROUP_OPENING.lastIndex = i;
      i += GROUP_OPENING.exec(source)![0].length;
    } else if (char === '|') {
      open.at(-1)!.ambiguous = true;
      i += 1;
    } else if (char === ')') {
      const group = open.length > 1 ? open.pop()! : { start: 0, ambiguous: false };
      const after = quantifierAt(source, i + 1);
      if (after && after.max > 1 && group.ambiguous) {
        const repeats = after.max === Infinity ? 1 : 0;
        return { nestedGroup: source.slice(group.start, after.end), unbounded: unbounded + repeats };
      }
      // A group's own repetition makes the group that holds it ambiguous, as does anything ambiguous inside it.
      if (after || group.ambiguous) open.at(-1)!.ambiguous = true;
      if (after?.max === Infinity) unbounded++;
      i = after ? after.end : i + 1;
    } else {
      const quantifier = quantifierAt(source, i);
      if (quantifier) {
        open.at(-1)!.ambiguous = true;
        if (quantifier.max === Infinity) unbounded++;
        i = quantifier.end;
      } else {
        i += 1;
      }
    }
  }
  return { unbounded };
}

/** A quantifier starting at `at` (with its lazy `?`): where it ends and how often it lets its atom repeat. */
function quantifierAt(source: string, at: number): { end: number; max: number } | undefined {
  const char = source[at];
  let end: number;
  let max: number;
  if (char === '*' || char === '+') {
    [end, max] = [at + 1, Infinity];
  } else if (char === '?') {
    [end, max] = [at + 1, 1];
  } else if (char === '{') {
    BRACES.lastIndex = at;
    const braces = BRACES.exec(source);
    if (!braces) return undefined; // a literal brace
    end = at + braces[0].length;
    max = braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
  } else {
    return undefined;
  }
  return { end: source[end] === '?' ? end + 1 : end, max };
}

/** The index just past the character class that opens at `at`. */
function classEnd(source: string, at: number): number {
  let i = at + 1;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}
