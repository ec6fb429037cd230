import { ts } from 'ts-morph';
import type { ArgumentFact, ArgumentKind } from './types.js';

/** Looks through syntax that does not change the value: parentheses, `as`, `!`, `satisfies`, `<T>x`. */
export function unwrap(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node)
  ) {
    node = node.expression;
  }
  return node;
}

/** `unwrap`, looking through `await` as well: the expression whose value a wrapped or awaited one has. */
export function skipOuter(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isAwaitExpression(current)
    )
      current = current.expression;
    else return current;
  }
}

/** How an argument is written, looking through parentheses, `as`, `!` and `satisfies`. */
export function argumentKind(expression: ts.Node): ArgumentKind {
  return kindOf(unwrap(expression as ts.Expression));
}

// The kind of an argument already unwrapped.
function kindOf(node: ts.Expression): ArgumentKind {
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return 'literal';
    case ts.SyntaxKind.TemplateExpression:
      return 'template';
    case ts.SyntaxKind.Identifier:
      return (node as ts.Identifier).text === 'undefined' ? 'literal' : 'identifier';
    case ts.SyntaxKind.ObjectLiteralExpression:
      return 'object';
    case ts.SyntaxKind.ArrayLiteralExpression:
      return 'array';
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.MethodDeclaration: // an object-literal method as an `object-key` value
      return 'function';
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
    case ts.SyntaxKind.AwaitExpression:
      return 'call';
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression:
      return 'property';
    case ts.SyntaxKind.BinaryExpression:
      return (node as ts.BinaryExpression).operatorToken.kind === ts.SyntaxKind.PlusToken
        ? 'concatenation'
        : 'other';
    default:
      return 'other';
  }
}

/** What `args` constraints need of an argument, recorded during the walk. */
export function argumentFact(node: ts.Node): ArgumentFact {
  // Recorded for every argument of every call some rule can ask about: plain loops, one unwrap.
  const inner = unwrap(node as ts.Expression);
  let keys: string[] | undefined;
  if (ts.isObjectLiteralExpression(inner)) {
    keys = [];
    for (const property of inner.properties) {
      const name = property.name;
      if (
        name &&
        (ts.isIdentifier(name) ||
          ts.isStringLiteralLike(name) ||
          ts.isNumericLiteral(name) ||
          ts.isPrivateIdentifier(name))
      )
        keys.push(name.text);
    }
  }
  return { kind: kindOf(inner), pos: node.pos, end: node.end, keys };
}
