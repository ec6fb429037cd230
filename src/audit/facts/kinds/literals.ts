import { ts } from 'ts-morph';
import type { NumberFact, StringFact } from '../types.js';
import type { FactKindDefinition } from './definition.js';

/** String literals and the literal parts of template literals, keyed by their value. */
export const strings: FactKindDefinition<StringFact> = {
  nodes: [
    ts.SyntaxKind.StringLiteral,
    ts.SyntaxKind.NoSubstitutionTemplateLiteral,
    ts.SyntaxKind.TemplateHead,
    ts.SyntaxKind.TemplateMiddle,
    ts.SyntaxKind.TemplateTail,
  ],
  collect(node, file, wanted, out) {
    const value = (node as ts.LiteralLikeNode).text;
    if (wanted.key(value)) out.push({ file, pos: node.pos, end: node.end, syntaxKind: node.kind, value });
  },
  key: (fact) => fact.value,
};

/** Numeric literals. Rules test them by value and range, never by a key: all are recorded once any rule asks. */
export const numbers: FactKindDefinition<NumberFact> = {
  nodes: [ts.SyntaxKind.NumericLiteral],
  collect(node, file, _wanted, out) {
    const value = Number((node as ts.NumericLiteral).text);
    out.push({ file, pos: node.pos, end: node.end, syntaxKind: node.kind, value });
  },
};
