import { ts } from 'ts-morph';
import { argumentFact } from '../argument.js';
import { propertyNameText } from '../names.js';
import type { ObjectKeyFact } from '../types.js';
import type { FactKindDefinition } from './definition.js';

/**
 * The keys of object literals with their values: `key: value`, shorthand `key`, and methods and accessors (whose value
 * is the function), keyed by the key's static name.
 */
export const objectKeys: FactKindDefinition<ObjectKeyFact> = {
  nodes: [
    ts.SyntaxKind.PropertyAssignment,
    ts.SyntaxKind.ShorthandPropertyAssignment,
    ts.SyntaxKind.MethodDeclaration,
    ts.SyntaxKind.GetAccessor,
    ts.SyntaxKind.SetAccessor,
  ],
  collect(node, file, wanted, out) {
    const { pos, end, kind: syntaxKind } = node;
    if (ts.isShorthandPropertyAssignment(node)) {
      const name = node.name.text;
      if (wanted.key(name)) out.push({ file, pos, end, syntaxKind, name, value: argumentFact(node.name) });
      return;
    }
    const member = node as ts.PropertyAssignment | ts.MethodDeclaration | ts.AccessorDeclaration;
    if (!ts.isObjectLiteralExpression(member.parent)) return;
    const name = propertyNameText(member.name);
    if (name === undefined || !wanted.key(name)) return;
    const value = argumentFact(ts.isPropertyAssignment(member) ? member.initializer : member);
    out.push({ file, pos, end, syntaxKind, name, value });
  },
  key: (fact) => fact.name,
};
