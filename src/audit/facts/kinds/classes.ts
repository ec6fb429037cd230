import { ts } from 'ts-morph';
import { boundName } from '../names.js';
import { compactText } from '../text.js';
import type { ClassFact } from '../types.js';
import type { FactKindDefinition } from './definition.js';

/** Class declarations and expressions, keyed by name (the bound name of an anonymous class, else ''). */
export const classes: FactKindDefinition<ClassFact> = {
  nodes: [ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression],
  collect(node, file, wanted, out) {
    const declaration = node as ts.ClassLikeDeclaration;
    const name = declaration.name?.text ?? boundName(declaration) ?? '';
    if (!wanted.key(name)) return;
    let extendsText = '';
    const implementsTexts: string[] = [];
    for (const clause of declaration.heritageClauses ?? []) {
      for (const type of clause.types) {
        const heritage = compactText(file.text, type.expression.pos, type.expression.end);
        if (clause.token === ts.SyntaxKind.ExtendsKeyword) extendsText = heritage;
        else implementsTexts.push(heritage);
      }
    }
    const { pos, end, kind: syntaxKind } = declaration;
    out.push({ file, pos, end, syntaxKind, name, extends: extendsText, implements: implementsTexts });
  },
  key: (fact) => fact.name,
};
