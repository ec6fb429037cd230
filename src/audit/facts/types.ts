import type { ts } from 'ts-morph';

/** How an argument is written, as rules constrain it (`args: [{ kind: template }]`). */
export type ArgumentKind =
  | 'literal'
  | 'template'
  | 'concatenation'
  | 'identifier'
  | 'object'
  | 'array'
  | 'function'
  | 'call'
  | 'property'
  | 'other';

/** One fact: a node of interest in one file. `pos`/`end` are the compiler node's range (leading trivia included). */
export interface Fact {
  file: FileFacts;
  node: ts.Node;
}

export interface ImportFact extends Fact {
  from: string;
  /** Original names of the imported bindings: `default`, `*` (namespace or whole module), or the export name. */
  names: string[];
}

export interface CallFact extends Fact {
  node: ts.CallExpression | ts.NewExpression;
  name: string; // last identifier of the callee, '' when it has none
  callee: string; // whole callee text, whitespace removed
  receiver: string; // callee text before the last '.', '' when none
  args: readonly ts.Expression[];
}

export interface ClassFact extends Fact {
  node: ts.ClassLikeDeclaration;
  name: string;
  extends: string; // heritage text of the extends clause, '' when none
  implements: string[];
}

export interface HeritageFact extends Fact {
  text: string; // e.g. `Base`, `Transport`, `events.EventEmitter`
}

export interface FunctionFact extends Fact {
  /** The function-like node itself; evidence points at `anchor` (the declaration the name belongs to). */
  node: ts.FunctionLikeDeclaration;
  anchor: ts.Node;
  name: string;
}

export interface MethodFact extends Fact {
  node: ts.MethodDeclaration | ts.AccessorDeclaration | ts.ConstructorDeclaration;
  name: string;
  className: string; // '' for object literals and anonymous classes
}

export interface DecoratorFact extends Fact {
  node: ts.Decorator;
  name: string;
  /** The identifier or property access naming the decorator, for symbol resolution. */
  target: ts.Expression;
}

export interface StringFact extends Fact {
  value: string;
}

export interface NumberFact extends Fact {
  value: number;
}

export interface PropertyFact extends Fact {
  name: string;
  object: string; // object text, whitespace removed
}

export interface ObjectKeyFact extends Fact {
  name: string;
  value: ts.Node | undefined;
}

/** A `// safeguard-ignore <id>: <reason>` comment. */
export interface SuppressionComment {
  safeguard: string;
  line: number; // 1-based line of the comment
  reason: string;
}

/** Every fact of one file, gathered in one walk. Arrays are in source order. */
export interface FileFacts {
  path: string; // relative to the audited root, '/'-separated
  sourceFile: ts.SourceFile;
  imports: ImportFact[];
  calls: CallFact[];
  news: CallFact[];
  classes: ClassFact[];
  extends: HeritageFact[];
  implements: HeritageFact[];
  functions: FunctionFact[];
  methods: MethodFact[];
  decorators: DecoratorFact[];
  strings: StringFact[];
  numbers: NumberFact[];
  properties: PropertyFact[];
  objectKeys: ObjectKeyFact[];
  suppressions: SuppressionComment[];
}

/** The fact kinds a leaf matcher can query. */
export type FactKind = Exclude<keyof FileFacts, 'path' | 'sourceFile' | 'suppressions'>;
