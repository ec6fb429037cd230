import { ts } from 'ts-morph';
import { boundName } from '../names.js';
import type { FunctionFact } from '../types.js';
import type { FactKindDefinition } from './definition.js';

/**
 * Function declarations, function expressions and arrow functions, keyed by their own name or the name they are
 * bound to (`const f = () => …`); a function without either is not recorded.
 */
export const functions: FactKindDefinition<FunctionFact> = {
  nodes: [ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction],
  collect(node, file, wanted, out) {
    const fn = node as ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;
    const own = !ts.isArrowFunction(fn) && fn.name ? fn.name.text : undefined;
    const name = own ?? boundName(fn);
    if (name === undefined || !wanted.key(name)) return;
    // Evidence points at the declaration that names a bound function (`const f = …`), not at the arrow.
    const anchor = own !== undefined ? fn : fn.parent;
    out.push({ file, pos: fn.pos, end: fn.end, syntaxKind: fn.kind, at: anchor.pos, name });
  },
  key: (fact) => fact.name,
};
