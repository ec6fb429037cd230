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

// The kind of each syntax kind an argument can have, in an array: a `switch` over `ts.SyntaxKind.X` cases reads the
// enum's properties case by case, for every argument of every call the walk records (it showed in profiles).
const KIND_BY_SYNTAX: readonly ArgumentKind[] = (() => {
  const table = new Array<ArgumentKind>(ts.SyntaxKind.Count).fill('other');
  const set = (kind: ArgumentKind, syntaxKinds: ts.SyntaxKind[]) => {
    for (const syntaxKind of syntaxKinds) table[syntaxKind] = kind;
  };
  set('literal', [
    ts.SyntaxKind.StringLiteral,
    ts.SyntaxKind.NumericLiteral,
    ts.SyntaxKind.BigIntLiteral,
    ts.SyntaxKind.NoSubstitutionTemplateLiteral,
    ts.SyntaxKind.RegularExpressionLiteral,
    ts.SyntaxKind.TrueKeyword,
    ts.SyntaxKind.FalseKeyword,
    ts.SyntaxKind.NullKeyword,
  ]);
  set('template', [ts.SyntaxKind.TemplateExpression]);
  set('identifier', [ts.SyntaxKind.Identifier]);
  set('object', [ts.SyntaxKind.ObjectLiteralExpression]);
  set('array', [ts.SyntaxKind.ArrayLiteralExpression]);
  // A method declaration is an object-literal method as an `object-key` value.
  set('function', [
    ts.SyntaxKind.ArrowFunction,
    ts.SyntaxKind.FunctionExpression,
    ts.SyntaxKind.MethodDeclaration,
  ]);
  set('call', [ts.SyntaxKind.CallExpression, ts.SyntaxKind.NewExpression, ts.SyntaxKind.AwaitExpression]);
  set('property', [ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.ElementAccessExpression]);
  set('concatenation', [ts.SyntaxKind.BinaryExpression]);
  return table;
})();

// The kind of an argument already unwrapped.
function kindOf(node: ts.Expression): ArgumentKind {
  const kind = KIND_BY_SYNTAX[node.kind] ?? 'other';
  if (kind === 'identifier') return (node as ts.Identifier).text === 'undefined' ? 'literal' : 'identifier';
  if (kind === 'concatenation')
    return (node as ts.BinaryExpression).operatorToken.kind === ts.SyntaxKind.PlusToken
      ? 'concatenation'
      : 'other';
  return kind;
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
