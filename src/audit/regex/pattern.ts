import { boundedRegex, type RegexTest } from './bounded-regex.js';

/** A compiled pattern: a plain string matches exactly, `/regex/flags` is a regular expression, a list is any-of. */
export interface Pattern {
  readonly key: string; // canonical text, for caches
  test(value: string): boolean;
}

/** Why a pattern could not be compiled (the caller adds the file position). */
export class PatternError extends Error {
  constructor(
    message: string,
    readonly pattern: string,
  ) {
    super(message);
  }
}

const REGEX_LITERAL = /^\/(.*)\/([a-z]*)$/s;

// Compiled regular expressions by their text: the bundled rules write 832 of them, 422 distinct (YAML anchors expand to
// copies), and checking a shape and compiling for RE2JS was about half of loading the rules. A pattern is a pure
// predicate, so one compiled copy serves every rule that writes the same text.
const compiled = new Map<string, Pattern>();

/** Compiles a rule pattern once; throws PatternError when a regular expression does not compile. */
export function compilePattern(spec: string | readonly string[]): Pattern {
  if (typeof spec !== 'string') {
    const parts = spec.map((element) => compilePattern(element));
    return {
      key: JSON.stringify(parts.map((p) => p.key)),
      test: (value) => parts.some((p) => p.test(value)),
    };
  }
  let pattern = compiled.get(spec);
  if (!pattern) {
    pattern = compileOne(spec);
    compiled.set(spec, pattern);
  }
  return pattern;
}

function compileOne(spec: string): Pattern {
  const literal = REGEX_LITERAL.exec(spec);
  if (!literal || spec.length < 2) return { key: JSON.stringify(spec), test: (value) => value === spec };
  const [, source = '', flags = ''] = literal;
  let regex: RegExp;
  try {
    // `g` and `y` make RegExp.test stateful across calls; a pattern is a pure predicate, so they are dropped.
    regex = new RegExp(source, flags.replace(/[gy]/g, ''));
  } catch (error) {
    throw new PatternError(`invalid regular expression ${spec}: ${(error as Error).message}`, spec);
  }
  let test: RegexTest;
  try {
    // Rule files may come from anyone: a pattern must not be able to hang the audit on a hostile string.
    test = boundedRegex(regex.source, regex.flags);
  } catch (error) {
    throw new PatternError(`regular expression ${spec} refused: ${(error as Error).message}`, spec);
  }
  return { key: `re:${regex.toString()}`, test };
}
