import { ts } from 'ts-morph';
import { argumentFact } from '../argument.js';
import { lastIdentifier, receiverOf } from '../names.js';
import { compactText } from '../text.js';
import type { ArgumentFact, CallFact, FileFacts } from '../types.js';
import type { FactKindDefinition, WantedFacts } from './definition.js';

// A call's other texts: rules that name no function may test the whole callee (`server.tool`) or its receiver.
const CALLEE_TEXTS = { callee: (fact: CallFact) => fact.callee, receiver: (fact: CallFact) => fact.receiver };

/** Calls, keyed by the callee's last name (`consume` in `this.limiter.consume(…)`). */
export const calls: FactKindDefinition<CallFact> = {
  nodes: [ts.SyntaxKind.CallExpression],
  collect(node, file, wanted, out) {
    const call = node as ts.CallExpression;
    const name = lastIdentifier(call.expression);
    if (wantsCallee(wanted, name, call.expression, file.text)) {
      out.push(new CallRecord(file, call, name, call.expression, call.arguments));
    }
  },
  key: (fact) => fact.name,
  texts: CALLEE_TEXTS,
};

/** `new` expressions, keyed like calls by the constructor's last name. */
export const news: FactKindDefinition<CallFact> = {
  nodes: [ts.SyntaxKind.NewExpression],
  collect(node, file, wanted, out) {
    const expression = node as ts.NewExpression;
    const name = lastIdentifier(expression.expression);
    if (wantsCallee(wanted, name, expression.expression, file.text)) {
      out.push(new CallRecord(file, expression, name, expression.expression, expression.arguments ?? []));
    }
  },
  key: (fact) => fact.name,
  texts: CALLEE_TEXTS,
};

// A call or `new` some rule may match: by the callee's last name, else by its compact text or receiver (computed
// once, and only when a keyless rule tests them).
function wantsCallee(wanted: WantedFacts, name: string, callee: ts.Expression, text: string): boolean {
  if (wanted.key(name)) return true;
  const fields = wanted.textFields;
  if (fields.length === 0) return false;
  const calleeText = compactText(text, callee.pos, callee.end);
  for (const field of fields) {
    if (wanted.text(field, field === 'receiver' ? receiverOf(calleeText) : calleeText)) return true;
  }
  return false;
}

// Callee and receiver texts are computed on first use: most calls are only ever looked up by name.
class CallRecord implements CallFact {
  readonly pos: number;
  readonly end: number;
  readonly syntaxKind: ts.SyntaxKind;
  readonly args: ArgumentFact[];
  private readonly calleePos: number;
  private readonly calleeEnd: number;
  private calleeText: string | undefined;

  constructor(
    readonly file: FileFacts,
    node: ts.CallExpression | ts.NewExpression,
    readonly name: string,
    callee: ts.Expression,
    args: readonly ts.Expression[],
  ) {
    this.pos = node.pos;
    this.end = node.end;
    this.syntaxKind = node.kind;
    this.calleePos = callee.pos;
    this.calleeEnd = callee.end;
    this.args = args.length === 0 ? [] : args.map(argumentFact);
  }

  get callee(): string {
    return (this.calleeText ??= compactText(this.file.text, this.calleePos, this.calleeEnd));
  }

  get receiver(): string {
    return receiverOf(this.callee);
  }
}
