import { ts } from 'ts-morph';
import type { ArgumentKind } from '../facts/types.js';
import { compilePattern, type Pattern } from './pattern.js';

/** An `args` entry of `call`/`new` as written in a rule file. */
export interface ArgumentSpec {
  index?: number;
  kind?: ArgumentKind | ArgumentKind[];
  text?: string | string[];
  'has-key'?: string | string[];
}

/** A compiled argument constraint: holds for a call when some (or the indexed) argument satisfies it. */
export type ArgumentConstraint = (args: readonly ts.Expression[], sourceFile: ts.SourceFile) => boolean;

/** How an argument is written, looking through parentheses, `as`, `!` and `satisfies`. */
export function argumentKind(expression: ts.Expression): ArgumentKind {
  const node = unwrap(expression);
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
      return (node as ts.BinaryExpression).operatorToken.kind === ts.SyntaxKind.PlusToken ? 'concatenation' : 'other';
    default:
      return 'other';
  }
}

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

/** Compiles one `args` entry (patterns compile once, here). */
export function compileArgument(spec: ArgumentSpec): ArgumentConstraint {
  const kinds = spec.kind === undefined ? undefined : new Set(typeof spec.kind === 'string' ? [spec.kind] : spec.kind);
  const text: Pattern | undefined = spec.text === undefined ? undefined : compilePattern(spec.text);
  const hasKey: Pattern | undefined = spec['has-key'] === undefined ? undefined : compilePattern(spec['has-key']);
  const holds = (argument: ts.Expression, sourceFile: ts.SourceFile): boolean => {
    if (kinds && !kinds.has(argumentKind(argument))) return false;
    if (text && !text.test(argument.getText(sourceFile))) return false;
    if (hasKey) {
      const object = unwrap(argument);
      if (!ts.isObjectLiteralExpression(object)) return false;
      if (!object.properties.some((p) => p.name !== undefined && hasKey.test(keyText(p.name)))) return false;
    }
    return true;
  };
  return (args, sourceFile) => {
    if (spec.index !== undefined) {
      const argument = args[spec.index];
      return argument !== undefined && holds(argument, sourceFile);
    }
    return args.some((argument) => holds(argument, sourceFile));
  };
}

function keyText(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) {
    return name.text;
  }
  return '';
}
