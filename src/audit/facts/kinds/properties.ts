import { ts } from 'ts-morph';
import { compactText } from '../text.js';
import type { FileFacts, PropertyFact } from '../types.js';
import type { FactKindDefinition, WantedFacts } from './definition.js';

/**
 * Property accesses, `a.b` and `a['b']`, keyed by the property name; rules that name no property may test the
 * accessed object's text instead (`process.env`).
 */
export const properties: FactKindDefinition<PropertyFact> = {
  nodes: [ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.ElementAccessExpression],
  collect(node, file, wanted, out) {
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      if (wantsAccess(wanted, name, node.expression, file.text))
        out.push(new PropertyRecord(file, node, name, node.expression));
      return;
    }
    const access = node as ts.ElementAccessExpression;
    const key = access.argumentExpression;
    if (ts.isStringLiteralLike(key) && wantsAccess(wanted, key.text, access.expression, file.text)) {
      out.push(new PropertyRecord(file, node, key.text, access.expression));
    }
  },
  key: (fact) => fact.name,
  texts: { object: (fact) => fact.object },
};

// A property access some rule may match: by the property name, else by the accessed object's compact text.
function wantsAccess(wanted: WantedFacts, name: string, object: ts.Expression, text: string): boolean {
  if (wanted.key(name)) return true;
  return wanted.textFields.length > 0 && wanted.text('object', compactText(text, object.pos, object.end));
}

// The object's text is computed on first use: most accesses are only ever looked up by name.
class PropertyRecord implements PropertyFact {
  readonly pos: number;
  readonly end: number;
  readonly syntaxKind: ts.SyntaxKind;
  private readonly objectPos: number;
  private readonly objectEnd: number;

  constructor(
    readonly file: FileFacts,
    node: ts.Node,
    readonly name: string,
    object: ts.Expression,
  ) {
    this.pos = node.pos;
    this.end = node.end;
    this.syntaxKind = node.kind;
    this.objectPos = object.pos;
    this.objectEnd = object.end;
  }

  get object(): string {
    return compactText(this.file.text, this.objectPos, this.objectEnd);
  }
}
