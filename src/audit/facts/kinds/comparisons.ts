import { ts } from 'ts-morph';
import { factText } from '../text.js';
import type { CompareFact, FileFacts } from '../types.js';
import type { FactKindDefinition } from './definition.js';

// The operators a `compare` matcher sees, by token kind; other binary operators are not comparisons.
const OPERATORS = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.EqualsEqualsEqualsToken, '==='],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, '!=='],
  [ts.SyntaxKind.EqualsEqualsToken, '=='],
  [ts.SyntaxKind.ExclamationEqualsToken, '!='],
  // `x instanceof Y`: only matched by a `compare` that asks for `operator: instanceof` (see matchers/leaf.ts).
  [ts.SyntaxKind.InstanceOfKeyword, 'instanceof'],
  // `a < b`, `<=`, `>`, `>=`: likewise only when a `compare` asks for them by operator.
  [ts.SyntaxKind.LessThanToken, '<'],
  [ts.SyntaxKind.LessThanEqualsToken, '<='],
  [ts.SyntaxKind.GreaterThanToken, '>'],
  [ts.SyntaxKind.GreaterThanEqualsToken, '>='],
]);

/** Comparisons `left op right`, keyed by the operator. */
export const comparisons: FactKindDefinition<CompareFact> = {
  nodes: [ts.SyntaxKind.BinaryExpression],
  collect(node, file, wanted, out) {
    const binary = node as ts.BinaryExpression;
    const operator = OPERATORS.get(binary.operatorToken.kind);
    if (operator !== undefined && wanted.key(operator)) out.push(new CompareRecord(file, binary, operator));
  },
  key: (fact) => fact.operator,
};

// Operand texts are computed on first use: a rule usually tests one operand pattern, and only for its operators.
class CompareRecord implements CompareFact {
  readonly pos: number;
  readonly end: number;
  readonly syntaxKind: ts.SyntaxKind;
  private readonly leftPos: number;
  private readonly leftEnd: number;
  private readonly rightPos: number;
  private readonly rightEnd: number;

  constructor(
    readonly file: FileFacts,
    node: ts.BinaryExpression,
    readonly operator: string,
  ) {
    this.pos = node.pos;
    this.end = node.end;
    this.syntaxKind = node.kind;
    this.leftPos = node.left.pos;
    this.leftEnd = node.left.end;
    this.rightPos = node.right.pos;
    this.rightEnd = node.right.end;
  }

  get left(): string {
    return factText(this.file.text, this.leftPos, this.leftEnd);
  }

  get right(): string {
    return factText(this.file.text, this.rightPos, this.rightEnd);
  }
}
