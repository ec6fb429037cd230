import { ts } from 'ts-morph';
import { lastIdentifier } from '../names.js';
import type { DecoratorFact } from '../types.js';
import type { FactKindDefinition } from './definition.js';

/** Decorators, keyed by the decorator function's last name (`Injectable` in `@Injectable()`). */
export const decorators: FactKindDefinition<DecoratorFact> = {
  nodes: [ts.SyntaxKind.Decorator],
  collect(node, file, wanted, out) {
    const decorator = node as ts.Decorator;
    const target = ts.isCallExpression(decorator.expression)
      ? decorator.expression.expression
      : decorator.expression;
    const name = lastIdentifier(target);
    if (wanted.key(name)) {
      out.push({ file, pos: decorator.pos, end: decorator.end, syntaxKind: decorator.kind, name });
    }
  },
  key: (fact) => fact.name,
};
