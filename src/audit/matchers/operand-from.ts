import { ts } from 'ts-morph';
import { skipOuter } from '../facts/argument.js';
import { filterByNode } from './node-filter.js';
import type { Pattern } from '../regex/pattern.js';
import type { SemanticModel } from './semantic.js';
import type { Matcher } from './types.js';

/** How many `const x = y` steps are followed back from an operand (bounded: the answer stays cheap and local). */
const MAX_HOPS = 4;

/**
 * `operand-from: { match: m, from: pattern }`: the comparison or call matches of `m` one of whose operands (a
 * comparison's sides, a call's arguments) is, or is a variable initialised (through up to four `const`
 * or `let` steps, destructuring included) from, an expression whose text (whitespace removed) matches `from`. Says
 * where a value comes from rather than what it is called: `key !== expected` where `expected = process.env.API_KEY`.
 */
export function operandFrom(match: Matcher, from: Pattern): Matcher {
  return filterByNode(`{"operand-from":{"match":${match.key},"from":${from.key}}}`, match, (node, semantic) =>
    operandsOf(node).some((o) => comesFrom(o, from, semantic, MAX_HOPS)),
  );
}

function operandsOf(node: ts.Node): ts.Expression[] {
  if (ts.isBinaryExpression(node)) return [node.left, node.right];
  // A callback passed along (`listen(port, host, () => …)`) is code, not a value the call is given.
  if (ts.isCallExpression(node)) return node.arguments.filter((a) => !ts.isFunctionLike(a));
  return [];
}

/** True when the expression is, or is a variable initialised (up to `hops` steps) from, text matching `from`. */
export function comesFrom(
  expression: ts.Expression,
  from: Pattern,
  semantic: () => SemanticModel,
  hops: number = MAX_HOPS,
): boolean {
  const inner = skipOuter(expression);
  if (from.test(inner.getText().replace(/\s+/g, ''))) return true;
  if (hops === 0) return false;
  // `auth.split(' ')[1]`, `auth.replace(…)`: derived from `auth`.
  if (!ts.isIdentifier(inner)) {
    const root = rootOf(inner);
    return root !== inner && comesFrom(root, from, semantic, hops - 1);
  }
  const declaration = semantic().checker.getSymbolAtLocation(inner)?.valueDeclaration;
  const initializer = declaration ? initializerOf(declaration) : undefined;
  return (
    initializer !== undefined &&
    !ts.isFunctionLike(initializer) &&
    comesFrom(initializer, from, semantic, hops - 1)
  );
}

// The expression a chain of property accesses, element accesses and calls starts from.
function rootOf(expression: ts.Expression): ts.Expression {
  let current = skipOuter(expression);
  for (;;) {
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current))
      current = skipOuter(current.expression);
    // `auth.replace(…)` continues at `auth`; `parse(auth)` is a function's result, not followed.
    else if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression))
      current = skipOuter(current.expression.expression);
    else return current;
  }
}

// The expression a variable is initialised with; for `const { a } = obj` (or `[a] = arr`) the destructured object.
function initializerOf(declaration: ts.Declaration): ts.Expression | undefined {
  let node: ts.Node = declaration;
  while (ts.isBindingElement(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node))
    node = node.parent;
  return ts.isVariableDeclaration(node) ? node.initializer : undefined;
}
