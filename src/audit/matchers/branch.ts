import { ts } from 'ts-morph';
import { union } from './combinators.js';
import type { Pattern } from '../regex/pattern.js';
import type { Match, Matcher } from './types.js';

/**
 * `in-branch` / `not-in-branch: { match: m, condition: pattern }`: the matches of `m` that lie (or do not lie) in a
 * branch chosen by a condition whose source text (whitespace removed) matches `pattern`: either branch of an `if`,
 * either arm of a `?:`, or the right operand of `&&` / `||`. E.g. a `console.log` that runs only
 * `if (transport === 'http')` was written for that transport. Uses the audit's syntax trees (never the type
 * checker), asked only about the candidates of `m`; marked semantic so that `same-file` asks it last, about fewest
 * files, since a tree the fact walk did not keep is parsed again.
 */
export function inBranch(match: Matcher, condition: Pattern, negate: boolean): Matcher {
  return {
    key: `{"${negate ? 'not-in-branch' : 'in-branch'}":{"match":${match.key},"condition":${condition.key}}}`,
    semantic: true,
    interests: match.interests,
    fileLocal: match.fileLocal,
    evaluate(context, scope) {
      const candidates = match.evaluate(context, scope);
      if (candidates.length === 0) return [];
      return union([
        candidates.filter((m: Match) => {
          if (!m.fact) return false;
          const node = context.trees.nodeOf(m.fact);
          const chosen = node !== undefined && chosenBy(node, condition);
          return chosen !== negate;
        }),
      ]);
    },
  };
}

// True when an enclosing branch of the node is chosen by a condition matching the pattern.
function chosenBy(node: ts.Node, condition: Pattern): boolean {
  let child: ts.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    let test: ts.Expression | undefined;
    if (ts.isIfStatement(parent) && child !== parent.expression) test = parent.expression;
    else if (ts.isConditionalExpression(parent) && child !== parent.condition) test = parent.condition;
    else if (
      ts.isBinaryExpression(parent) &&
      child === parent.right &&
      (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      test = parent.left;
    if (test && condition.test(test.getText().replace(/\s+/g, ''))) return true;
  }
  return false;
}
