import type { ts } from 'ts-morph';
import { union } from './combinators.js';
import type { SemanticModel } from './semantic.js';
import type { Match, Matcher } from './types.js';

/**
 * The matches of `match` whose syntax node passes `test`, asked only about the candidates `match` found. The test
 * gets the type checker on request: it is built (for the whole project, so costly on a large one) only when a test
 * must resolve a name, not to look at a candidate's syntax. The shared frame of the matchers that look at the code
 * around a candidate: operand-from, when-set, missing-option.
 */
export function filterByNode(
  key: string,
  match: Matcher,
  test: (node: ts.Node, semantic: () => SemanticModel) => boolean,
): Matcher {
  return {
    key,
    semantic: true,
    interests: match.interests,
    fileLocal: match.fileLocal,
    evaluate(context, scope) {
      const candidates = match.evaluate(context, scope);
      if (candidates.length === 0) return [];
      return union([
        candidates.filter((m: Match) => {
          const node = m.fact ? context.trees.nodeOf(m.fact) : undefined;
          return node !== undefined && test(node, context.semantic);
        }),
      ]);
    },
  };
}
