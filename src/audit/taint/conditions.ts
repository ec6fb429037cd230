import { ts } from 'ts-morph';
import { skipOuter } from '../facts/argument.js';

/** The values (by access path, e.g. `args.url`) a condition proves safe when it is true, and when it is false. */
export interface Proof {
  whenTrue: ReadonlySet<string>;
  whenFalse: ReadonlySet<string>;
  /** Checks that look like a guard but let payloads through, with why: a reviewer needs to see them on the path. */
  weak?: readonly { paths: ReadonlySet<string>; note: string }[];
}

const NOTHING: Proof = { whenTrue: new Set(), whenFalse: new Set() };

function weakOf(...proofs: Proof[]): Pick<Proof, 'weak'> {
  const weak = proofs.flatMap((p) => p.weak ?? []);
  return weak.length > 0 ? { weak } : {};
}

// Membership in a list, set or map the server wrote: an allow-list.
const MEMBERSHIP = new Set(['includes', 'has', 'indexOf', 'some', 'find', 'findIndex']);
// Functions whose name says they decide containment or permission; their argument is what they check.
const CHECKER =
  /^(is|has|can)(Allowed|Safe|Valid|Permitted|Trusted|Inside|Within|Contained|SubPath|PathInside|PathSafe|PathAllowed|UrlAllowed|Whitelisted|AllowListed)\w*$|^(isPathInside|pathIsInside|isSubdir\w*|isInside\w*|isWithin\w*)$/;
// A URL prefix that stops at the host without a `/` can be extended to another host (`https://a.com.evil.net`).
const OPEN_URL_PREFIX = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*$/i;

// Text whose presence a check rejects: traversal, separators, shell metacharacters.
const REJECTED_TEXT = /\.\.|[/\\;|&$`\0]/;

/** The access path of an expression (`args.url`, `target`), when it has one. */
export function accessPath(node: ts.Expression): string | undefined {
  const inner = skipOuter(node);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) {
    const base = accessPath(inner.expression);
    return base === undefined ? undefined : `${base}.${inner.name.text}`;
  }
  return undefined;
}

/**
 * What a condition proves about tainted values. Understood: allow-list membership (`ALLOWED.includes(x)`,
 * `set.has(u.hostname)`), prefix containment (`resolved.startsWith(root)`, with `relative(...).startsWith('..')`
 * as its negation), anchored patterns (`/^[\w-]+$/.test(x)`), comparison with a literal, and calls whose name says
 * they check containment or permission. `derivedFrom` maps a value to the value it was computed from (`new URL(x)`,
 * `path.resolve(root, x)`, `path.relative(root, x)`), so proving one proves the other.
 */
export function proofOf(condition: ts.Expression, derivedFrom: (path: string) => string | undefined): Proof {
  const node = skipOuter(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = proofOf(node.operand, derivedFrom);
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue, ...weakOf(inner) };
  }
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      const a = proofOf(node.left, derivedFrom);
      const b = proofOf(node.right, derivedFrom);
      return { whenTrue: new Set([...a.whenTrue, ...b.whenTrue]), whenFalse: new Set(), ...weakOf(a, b) };
    }
    if (op === ts.SyntaxKind.BarBarToken) {
      const a = proofOf(node.left, derivedFrom);
      const b = proofOf(node.right, derivedFrom);
      return { whenTrue: new Set(), whenFalse: new Set([...a.whenFalse, ...b.whenFalse]), ...weakOf(a, b) };
    }
    return comparison(node, derivedFrom);
  }
  if (ts.isCallExpression(node)) return call(node, derivedFrom);
  return NOTHING;
}

function comparison(node: ts.BinaryExpression, derivedFrom: (path: string) => string | undefined): Proof {
  const op = node.operatorToken.kind;
  const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
  const unequal =
    op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  if (!equal && !unequal) {
    // indexOf(...) >= 0 / !== -1 style membership is handled as a comparison of a membership call.
    return NOTHING;
  }
  const [value, other] = isFixed(node.right) ? [node.left, node.right] : [node.right, node.left];
  if (!isFixed(other)) return NOTHING;
  const inner = skipOuter(value);
  // `list.indexOf(x) !== -1` proves membership when unequal to -1.
  if (ts.isCallExpression(inner)) {
    const proof = call(inner, derivedFrom);
    const minusOne = ts.isPrefixUnaryExpression(other) && other.operator === ts.SyntaxKind.MinusToken;
    if (minusOne) return equal ? { whenTrue: proof.whenFalse, whenFalse: proof.whenTrue } : proof;
    return NOTHING;
  }
  if (ts.isTypeOfExpression(inner)) return NOTHING;
  const proven = provenPaths(inner, derivedFrom);
  return equal ? { whenTrue: proven, whenFalse: new Set() } : { whenTrue: new Set(), whenFalse: proven };
}

function call(node: ts.CallExpression, derivedFrom: (path: string) => string | undefined): Proof {
  const callee = node.expression;
  const name = ts.isPropertyAccessExpression(callee)
    ? callee.name.text
    : ts.isIdentifier(callee)
      ? callee.text
      : '';
  const arg = node.arguments[0];
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = callee.expression;
    if (name === 'startsWith' && arg) {
      const prefix = literalText(arg);
      if (prefix !== undefined && prefix.startsWith('..'))
        return { whenTrue: new Set(), whenFalse: provenPaths(receiver, derivedFrom) };
      if (prefix !== undefined && OPEN_URL_PREFIX.test(prefix))
        return {
          ...NOTHING,
          weak: [
            {
              paths: provenPaths(receiver, derivedFrom),
              note: `checked with startsWith('${prefix}'), which other hosts also pass (no '/' after the host)`,
            },
          ],
        };
      return { whenTrue: provenPaths(receiver, derivedFrom), whenFalse: new Set() };
    }
    if (
      name === 'includes' &&
      arg &&
      REJECTED_TEXT.test(literalText(arg) ?? '') &&
      accessPath(receiver) !== undefined
    ) {
      // `x.includes('..')` (or a shell metacharacter) rejects the payload when true.
      return { whenTrue: new Set(), whenFalse: provenPaths(receiver, derivedFrom) };
    }
    if (name === 'isAbsolute' && arg) {
      const path = accessPath(arg);
      const from = path === undefined ? undefined : derivedFrom(path);
      // Only the result of path.relative() is contained by being relative (with its `..` check beside it).
      return from ? { whenTrue: new Set(), whenFalse: provenPaths(arg, derivedFrom) } : NOTHING;
    }
    if (name === 'test' && arg) {
      const pattern = skipOuter(receiver);
      if (ts.isRegularExpressionLiteral(pattern)) {
        const source = pattern.text.slice(1, pattern.text.lastIndexOf('/'));
        return source.startsWith('^') && source.endsWith('$')
          ? { whenTrue: provenPaths(arg, derivedFrom), whenFalse: new Set() }
          : { whenTrue: new Set(), whenFalse: provenPaths(arg, derivedFrom) };
      }
      return { whenTrue: provenPaths(arg, derivedFrom), whenFalse: new Set() };
    }
    if (MEMBERSHIP.has(name) && arg && !ts.isArrowFunction(arg) && !ts.isFunctionExpression(arg))
      return { whenTrue: provenPaths(arg, derivedFrom), whenFalse: new Set() };
  }
  if (CHECKER.test(name)) {
    const proven = new Set<string>();
    for (const argument of node.arguments)
      for (const path of provenPaths(argument, derivedFrom)) proven.add(path);
    return { whenTrue: proven, whenFalse: new Set() };
  }
  return NOTHING;
}

/** A value, the values it was derived from, and the object of a checked property (`u.hostname` proves `u`). */
function provenPaths(node: ts.Expression, derivedFrom: (path: string) => string | undefined): Set<string> {
  const out = new Set<string>();
  let inner = skipOuter(node);
  // new URL(x).hostname, path.resolve(root, x): what is checked is x.
  while (
    ts.isPropertyAccessExpression(inner) &&
    /^(host|hostname|origin|protocol|href)$/.test(inner.name.text)
  ) {
    inner = skipOuter(inner.expression);
  }
  if (ts.isNewExpression(inner) && inner.arguments?.[0]) inner = skipOuter(inner.arguments[0]);
  let path = accessPath(inner);
  for (let hops = 0; path !== undefined && hops < 4; hops++) {
    out.add(path);
    path = derivedFrom(path);
  }
  return out;
}

function literalText(node: ts.Expression): string | undefined {
  const inner = skipOuter(node);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return inner.text;
  return undefined;
}

function isFixed(node: ts.Expression): boolean {
  const inner = skipOuter(node);
  return (
    ts.isStringLiteral(inner) ||
    ts.isNoSubstitutionTemplateLiteral(inner) ||
    ts.isNumericLiteral(inner) ||
    (ts.isPrefixUnaryExpression(inner) && ts.isNumericLiteral(inner.operand)) ||
    inner.kind === ts.SyntaxKind.NullKeyword ||
    inner.kind === ts.SyntaxKind.TrueKeyword ||
    inner.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(inner) && (inner.text === 'undefined' || /^[A-Z][A-Z0-9_]*$/.test(inner.text))) ||
    (ts.isPropertyAccessExpression(inner) && /^[A-Z]/.test(inner.getText()))
  );
}
