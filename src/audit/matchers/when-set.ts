import { ts } from 'ts-morph';
import { comesFrom } from './operand-from.js';
import { filterByNode } from './node-filter.js';
import type { Pattern } from '../regex/pattern.js';
import type { Matcher } from './types.js';

/** Whether the matches must run whenever the value is unset, or only when it is set. */
export type ValueState = 'set' | 'unset';

/**
 * `when-unset` / `when-set: { match: m, value: pattern }`: the matches of `m` that the branches around them tie to a
 * value (text matching `value`, or a variable initialised from it, as in `operand-from`) being unset or set.
 * `when-unset`: the match runs whenever the value is falsy (`if (!key) return next()`, `if (!key || …) …`,
 * `key || next()`). `when-set`: the match runs only when the value is truthy (`key && token !== key`,
 * `if (key) { … }` with no else, `!key || token === key`). Says when a check is skipped because something is not
 * configured. Uses the checker, asked only about `m`'s candidates; stops at the enclosing function.
 */
export function whenValue(match: Matcher, value: Pattern, state: ValueState): Matcher {
  return filterByNode(
    `{"when-${state}":{"match":${match.key},"value":${value.key}}}`,
    match,
    (node, semantic) => tiedTo(node, state, (e: ts.Expression): boolean => comesFrom(e, value, semantic)),
  );
}

// Walks up to the enclosing function: some branch around the node is taken whenever the value is unset (`unset`), or
// only when it is set (`set`).
function tiedTo(node: ts.Node, state: ValueState, isValue: (e: ts.Expression) => boolean): boolean {
  let child: ts.Node = node;
  for (
    let parent = node.parent;
    parent && !ts.isFunctionLike(child);
    child = parent, parent = parent.parent
  ) {
    // The condition, and whether the node runs when it is true (then) or false (else).
    let condition: ts.Expression | undefined;
    let whenTrue = true;
    let hasElse = true;
    if (ts.isIfStatement(parent) && child !== parent.expression) {
      condition = parent.expression;
      whenTrue = child === parent.thenStatement;
      hasElse = parent.elseStatement !== undefined;
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
      condition = parent.condition;
      whenTrue = child === parent.whenTrue;
    } else if (ts.isBinaryExpression(parent) && child === parent.right) {
      const operator = parent.operatorToken.kind;
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken) condition = parent.left;
      else if (operator === ts.SyntaxKind.BarBarToken) {
        condition = parent.left;
        whenTrue = false;
      }
      hasElse = false;
    }
    if (!condition) continue;
    if (state === 'unset') {
      // Taken whenever the value is falsy: a true branch of `!v` or of a disjunction with `!v`; a false branch of `v`
      // or of a conjunction with `v`.
      const operands = whenTrue ? disjuncts(condition) : conjuncts(condition);
      if (operands.some((o) => negated(o, whenTrue, isValue))) return true;
    } else {
      // Taken only when the value is truthy: a true branch of `v` or of a conjunction with `v` (an `if` with an else
      // may answer the unset case there); a false branch of `!v` or of a disjunction with `!v`.
      if (whenTrue && hasElse && ts.isIfStatement(parent)) continue;
      const operands = whenTrue ? conjuncts(condition) : disjuncts(condition);
      if (operands.some((o) => negated(o, !whenTrue, isValue))) return true;
    }
  }
  return false;
}

// `!v` when `bang` is asked for, `v` otherwise (through parentheses).
function negated(operand: ts.Expression, bang: boolean, isValue: (e: ts.Expression) => boolean): boolean {
  const inner = unwrap(operand);
  if (bang)
    return (
      ts.isPrefixUnaryExpression(inner) &&
      inner.operator === ts.SyntaxKind.ExclamationToken &&
      !isDoubleBang(inner) &&
      isValue(inner.operand)
    );
  return !ts.isPrefixUnaryExpression(inner) && (ts.isIdentifier(inner) || isAccess(inner)) && isValue(inner);
}

function isDoubleBang(e: ts.PrefixUnaryExpression): boolean {
  const inner = unwrap(e.operand);
  return ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken;
}

function isAccess(e: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e);
}

function conjuncts(e: ts.Expression): ts.Expression[] {
  return operandsOf(e, ts.SyntaxKind.AmpersandAmpersandToken);
}

function disjuncts(e: ts.Expression): ts.Expression[] {
  return operandsOf(e, ts.SyntaxKind.BarBarToken);
}

function operandsOf(e: ts.Expression, operator: ts.SyntaxKind): ts.Expression[] {
  const inner = unwrap(e);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === operator)
    return [...operandsOf(inner.left, operator), ...operandsOf(inner.right, operator)];
  return [inner];
}

function unwrap(e: ts.Expression): ts.Expression {
  let current = e;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current))
    current = current.expression;
  return current;
}
