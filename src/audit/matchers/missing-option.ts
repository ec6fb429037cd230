import { ts } from 'ts-morph';
import { unwrap } from '../facts/argument.js';
import { filterByNode } from './node-filter.js';
import type { Pattern } from '../regex/pattern.js';
import type { SemanticModel } from './semantic.js';
import type { Matcher } from './types.js';

/** How many `const options = …` steps are followed back from the options argument. */
const MAX_HOPS = 4;

/**
 * `missing-option: { match: m, index: n, key: pattern }`: the call or `new` matches of `m` whose options argument (at
 * `index`) sets no key matching `key` to a value other than `false`/`undefined`/`null`: the argument is absent, a
 * callback in its place, or an object literal (directly or through up to four `const` steps) without such a key.
 * Options the code cannot see (a spread, a parameter, a helper's result) count as set. Says what a library call
 * leaves at its default: `jwtVerify(token, key)` with no `audience`, `res.cookie('sid', id)` with no `httpOnly`.
 */
export function missingOption(match: Matcher, index: number, key: Pattern): Matcher {
  return filterByNode(
    `{"missing-option":{"match":${match.key},"index":${index},"key":${key.key}}}`,
    match,
    (node, semantic) => {
      if (!(ts.isCallExpression(node) || ts.isNewExpression(node))) return false;
      const argument = node.arguments?.[index];
      return argument === undefined || lacksKey(argument, key, semantic, MAX_HOPS);
    },
  );
}

function lacksKey(
  argument: ts.Expression,
  key: Pattern,
  semantic: () => SemanticModel,
  hops: number,
): boolean {
  const inner = unwrap(argument);
  if (ts.isFunctionLike(inner) || isNothing(inner)) return true;
  if (ts.isObjectLiteralExpression(inner)) {
    // A spread may carry the key: unknown, so set.
    if (inner.properties.some((p) => ts.isSpreadAssignment(p))) return false;
    return !inner.properties.some((p) => {
      const name = p.name && nameOf(p.name);
      if (name === undefined || !key.test(name)) return false;
      return !(ts.isPropertyAssignment(p) && isOff(unwrap(p.initializer)));
    });
  }
  if (hops > 0 && ts.isIdentifier(inner)) {
    const declaration = semantic().checker.getSymbolAtLocation(inner)?.valueDeclaration;
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      ts.isIdentifier(declaration.name) &&
      declaration.initializer &&
      ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const
    )
      return lacksKey(declaration.initializer, key, semantic, hops - 1);
  }
  return false;
}

function nameOf(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

// `undefined` or `null` in the options' place: no options.
function isNothing(e: ts.Expression): boolean {
  return e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined');
}

// A key set to `false`, `undefined` or `null` leaves the option off.
function isOff(e: ts.Expression): boolean {
  return e.kind === ts.SyntaxKind.FalseKeyword || isNothing(e);
}
