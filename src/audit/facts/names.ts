import { ts } from 'ts-morph';

/** The last identifier of a callee-like expression: `consume` in `this.limiter.consume`, '' when it has none. */
export function lastIdentifier(expression: ts.Expression): string {
  let current: ts.Expression = expression;
  for (;;) {
    if (ts.isIdentifier(current) || ts.isPrivateIdentifier(current)) return current.text;
    if (ts.isPropertyAccessExpression(current)) return current.name.text;
    if (ts.isElementAccessExpression(current)) {
      return ts.isStringLiteralLike(current.argumentExpression) ? current.argumentExpression.text : '';
    }
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isExpressionWithTypeArguments(current)
    ) {
      current = current.expression;
      continue;
    }
    if (current.kind === ts.SyntaxKind.SuperKeyword) return 'super';
    if (current.kind === ts.SyntaxKind.ThisKeyword) return 'this';
    return '';
  }
}

/** The callee text before its last `.`: `this.limiter` for `this.limiter.consume`, '' for a bare name. */
export function receiverOf(callee: string): string {
  const dot = lastDotOutsideBrackets(callee);
  return dot < 0 ? '' : callee.slice(0, dot).replace(/\?$/, '');
}

// `a.b(c.d).e` → the dot before `e`; dots inside (), [] or <> belong to nested expressions.
function lastDotOutsideBrackets(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '>') depth++;
    else if (c === '(' || c === '[' || c === '<') depth--;
    else if (c === '.' && depth === 0) return i;
  }
  return -1;
}

/** The name a function or class expression is bound to: `const f = () => …`, `f: () => …`, `x.f = …`. */
export function boundName(node: ts.Node): string | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === node) {
    return propertyNameText(parent.name);
  }
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === node &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    const name = lastIdentifier(parent.left);
    return name === '' ? undefined : name;
  }
  if (ts.isExportAssignment(parent)) return 'default';
  return undefined;
}

/** The text of a property name when it is static: `a`, `'a'`, `1`, `['a']`; undefined for a computed name. */
export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (
    ts.isIdentifier(name) ||
    ts.isPrivateIdentifier(name) ||
    ts.isStringLiteralLike(name) ||
    ts.isNumericLiteral(name)
  ) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}
