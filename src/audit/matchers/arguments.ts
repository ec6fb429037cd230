import type { ArgumentFact, ArgumentKind } from '../facts/types.js';
import { factText } from '../facts/text.js';
import { compilePattern, type Pattern } from '../regex/pattern.js';

/** An `args` entry of `call`/`new` as written in a rule file. */
export interface ArgumentSpec {
  index?: number;
  kind?: ArgumentKind | ArgumentKind[];
  text?: string | string[];
  'has-key'?: string | string[];
}

/** A compiled argument constraint: holds for a call when some (or the indexed) argument satisfies it. */
export type ArgumentConstraint = (args: readonly ArgumentFact[], text: string) => boolean;

/** Compiles one `args` entry (patterns compile once, here). */
export function compileArgument(spec: ArgumentSpec): ArgumentConstraint {
  const kinds =
    spec.kind === undefined ? undefined : new Set(typeof spec.kind === 'string' ? [spec.kind] : spec.kind);
  const textPattern: Pattern | undefined = spec.text === undefined ? undefined : compilePattern(spec.text);
  const hasKey: Pattern | undefined =
    spec['has-key'] === undefined ? undefined : compilePattern(spec['has-key']);
  const holds = (argument: ArgumentFact, text: string): boolean => {
    if (kinds && !kinds.has(argument.kind)) return false;
    if (textPattern && !textPattern.test(factText(text, argument.pos, argument.end))) return false;
    return !hasKey || (argument.keys !== undefined && argument.keys.some((key) => hasKey.test(key)));
  };
  return (args, text) => {
    if (spec.index !== undefined) {
      const argument = args[spec.index];
      return argument !== undefined && holds(argument, text);
    }
    return args.some((argument) => holds(argument, text));
  };
}
