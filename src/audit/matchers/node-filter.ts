import type { ts } from 'ts-morph';
import { union } from './combinators.js';
import type { SemanticModel } from './semantic.js';
import type { Match, Matcher } from './types.js';

/**
 * The matches of `match` whose syntax node passes `test`, asked of the type checker's trees and only about the
 * candidates `match` found (so a project with none never builds the checker). The shared frame of the matchers
 * that look at the code around a candidate: operand-from, when-set, missing-option.
 */
export function filterByNode(
  key: string,
  match: Matcher,
  test: (node: ts.Node, semantic: SemanticModel) => boolean,
): Matcher {
  return {
    key,
    semantic: true,
    interests: match.interests,
    fileLocal: match.fileLocal,
    evaluate(context, scope) {
      const candidates = match.evaluate(context, scope);
      if (candidates.length === 0) return [];
      const semantic = context.semantic();
      return union([
        candidates.filter((m: Match) => {
          const node = m.fact ? semantic.nodeOf(m.fact) : undefined;
          return node !== undefined && test(node, semantic);
        }),
      ]);
    },
  };
}
