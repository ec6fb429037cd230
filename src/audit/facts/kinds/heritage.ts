import { ts } from 'ts-morph';
import { compactText } from '../text.js';
import type { HeritageFact } from '../types.js';
import type { FactKindDefinition } from './definition.js';

/** The types a class extends, keyed by their text without whitespace (`events.EventEmitter`). */
export const extendsClauses = heritageOf(ts.SyntaxKind.ExtendsKeyword);

/** The interfaces a class implements, keyed by their text without whitespace. */
export const implementsClauses = heritageOf(ts.SyntaxKind.ImplementsKeyword);

// Only the clauses of classes: an interface's `extends` names types, not a class's base.
function heritageOf(token: ts.HeritageClause['token']): FactKindDefinition<HeritageFact> {
  return {
    nodes: [ts.SyntaxKind.HeritageClause],
    collect(node, file, wanted, out) {
      const clause = node as ts.HeritageClause;
      if (clause.token !== token || !ts.isClassLike(clause.parent)) return;
      for (const type of clause.types) {
        const text = compactText(file.text, type.expression.pos, type.expression.end);
        if (wanted.key(text)) out.push({ file, pos: type.pos, end: type.end, syntaxKind: type.kind, text });
      }
    },
    key: (fact) => fact.text,
  };
}
