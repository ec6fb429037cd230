import { RE2JS } from 're2js';
import { regexShape } from './shape.js';

/** A regular expression from a rule file as a predicate whose running time cannot explode on a hostile input. */
export type RegexTest = (value: string) => boolean;

/**
 * Compiles a rule's regular expression (already accepted by `new RegExp(source, flags)`) so that no input can make it
 * backtrack for minutes. V8's backtracking engine runs it when its work per input position is bounded by the pattern
 * (no unbounded quantifier, no repeated group that nests a quantifier or an alternation): most rule patterns, which
 * V8 matches several times faster than RE2JS. Otherwise it runs on RE2JS, a linear-time engine, when that engine
 * reads it as JavaScript does. Lookaround and backreferences, which no linear-time engine offers, fall back to V8
 * and are refused when a repeated group nests a quantifier or an alternation (`(a+)+`, `(a|a)*`). Throws an Error
 * saying why.
 */
export function boundedRegex(source: string, flags: string): RegexTest {
  const shape = regexShape(source);
  if (!shape.unbounded && shape.nestedGroup === undefined) return backtracking(source, flags);
  if (shape.nestedGroup === undefined) {
    // Either engine will do, so nothing can be refused: the linear-time engine is built on first use (building it
    // costs more than V8's, and many patterns of a rule pack never meet a candidate).
    let run: RegexTest | undefined;
    return (value) => {
      if (!run) {
        const linear = linearRegex(source, flags);
        run = linear ? (text) => linear.test(text) : backtracking(source, flags);
      }
      return run(value);
    };
  }
  const linear = linearRegex(source, flags);
  if (linear) return (value) => linear.test(value);
  throw new Error(
    `the repeated group ${shape.nestedGroup} can backtrack exponentially; with lookaround or a backreference ` +
      'the pattern cannot run on the linear-time engine, so remove the inner quantifier or alternation',
  );
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
