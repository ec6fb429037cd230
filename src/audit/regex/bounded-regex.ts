import { RE2JS } from 're2js';
import { regexShape } from './shape.js';

/** A regular expression from a rule file as a predicate whose running time cannot explode on a hostile input. */
export type RegexTest = (value: string) => boolean;

/**
 * Compiles a rule's regular expression (already accepted by `new RegExp(source, flags)`) so that no input can make it
 * backtrack for minutes. V8's backtracking engine runs it when its work per input position is bounded by the pattern
 * (no unbounded quantifier, no repeated group that nests a quantifier or an alternation): most rule patterns, which
 * V8 matches several times faster than RE2JS. With unbounded quantifiers but no such group, V8 runs it on inputs short
 * enough that its worst case stays small (see `backtrackingLimit`), and RE2JS, a linear-time engine, on longer ones
 * when that engine reads it as JavaScript does. Lookaround and backreferences, which no linear-time engine offers, fall
 * back to V8 and are refused when a repeated group nests a quantifier or an alternation (`(a+)+`, `(a|a)*`). Throws an
 * Error saying why.
 */
export function boundedRegex(source: string, flags: string): RegexTest {
  const shape = regexShape(source);
  if (shape.unbounded === 0 && shape.nestedGroup === undefined) return backtracking(source, flags);
  if (shape.nestedGroup === undefined) {
    // Either engine will do, so nothing can be refused. Names, keys and the short texts rules test are matched on V8;
    // the linear-time engine is built on the first longer input (building it costs more than V8's, and most audits
    // never meet one).
    const short = backtracking(source, flags);
    const limit = backtrackingLimit(shape.unbounded);
    let long: RegexTest | undefined;
    return (value) => {
      if (value.length <= limit) return short(value);
      if (!long) {
        const linear = linearRegex(source, flags);
        long = linear ? (text) => linear.test(text) : short;
      }
      return long(value);
    };
  }
  const linear = linearRegex(source, flags);
  if (linear) return (value) => linear.test(value);
  throw new Error(
    `the repeated group ${shape.nestedGroup} can backtrack exponentially; with lookaround or a backreference ` +
      'the pattern cannot run on the linear-time engine, so remove the inner quantifier or alternation',
  );
}

// Backtracking tries at most about n^(q+1) ways to match q unbounded quantifiers (with no nested group) against n
// characters: one start per position, one extent per quantifier. The longest input whose worst case stays within
// 2^16 steps, a fraction of a millisecond: 256 characters with one such quantifier, 40 with two, 16 with three.
const BACKTRACKING_STEPS = 2 ** 16;

/** The longest input V8 may backtrack over for a pattern with `unbounded` unbounded quantifiers. */
function backtrackingLimit(unbounded: number): number {
  return Math.floor(BACKTRACKING_STEPS ** (1 / (unbounded + 1)) + 1e-9);
}

function backtracking(source: string, flags: string): RegexTest {
  const regex = new RegExp(source, flags);
  return (value) => regex.test(value);
}

/** The pattern on RE2JS, or undefined when RE2JS lacks a feature it uses or might read its syntax differently. */
function linearRegex(source: string, flags: string): RE2JS | undefined {
  // Without the `u` flag JavaScript takes `\A`, `\z` or `\pL` as plain letters where RE2 gives them a meaning; a
  // pattern that is also valid in unicode mode has none of those, so both engines read the same expression.
  if (/[^imsu]/.test(flags) || !compilesInUnicodeMode(source)) return undefined;
  let re2Flags = 0;
  if (flags.includes('i')) re2Flags |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) re2Flags |= RE2JS.MULTILINE;
  if (flags.includes('s')) re2Flags |= RE2JS.DOTALL;
  try {
    return RE2JS.compile(source, re2Flags);
  } catch {
    return undefined; // lookaround, backreferences and the like: the backtracking engine it is
  }
}

function compilesInUnicodeMode(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}
