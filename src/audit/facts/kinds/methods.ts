import { ts } from 'ts-morph';
import { boundName, propertyNameText } from '../names.js';
import type { MethodFact } from '../types.js';
import type { FactKindDefinition } from './definition.js';

/** Methods, accessors and constructors of classes and object literals, keyed by name ('' when computed). */
export const methods: FactKindDefinition<MethodFact> = {
  nodes: [
    ts.SyntaxKind.MethodDeclaration,
    ts.SyntaxKind.GetAccessor,
    ts.SyntaxKind.SetAccessor,
    ts.SyntaxKind.Constructor,
  ],
  collect(node, file, wanted, out) {
    const method = node as ts.MethodDeclaration | ts.AccessorDeclaration | ts.ConstructorDeclaration;
    const name = ts.isConstructorDeclaration(method) ? 'constructor' : (propertyNameText(method.name) ?? '');
    if (!wanted.key(name)) return;
    const owner = method.parent;
    const className = ts.isClassLike(owner) ? (owner.name?.text ?? boundName(owner) ?? '') : '';
    const { pos, end, kind: syntaxKind } = method;
    out.push({ file, pos, end, syntaxKind, name, className });
  },
  key: (fact) => fact.name,
};
