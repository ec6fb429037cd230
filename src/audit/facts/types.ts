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

/**
 * One fact: a node of interest in one file, recorded by position, not by reference, so that the syntax tree can be
 * dropped after the walk (keeping 100k lines of trees alive doubles the cost of the audit). `pos`/`end`/`syntaxKind`
 * find the node again in the type checker's tree when a semantic matcher asks for it.
 */
export interface Fact {
  file: FileFacts;
  pos: number; // the compiler node's pos (leading trivia included)
  end: number;
  syntaxKind: ts.SyntaxKind;
  /** Where evidence points when not at the node itself (a bound arrow function: its declaration). */
  at?: number;
}

/** An argument (or an object-literal value) as far as `args` constraints look at it. */
export interface ArgumentFact {
  kind: ArgumentKind;
  pos: number;
  end: number;
  keys: string[] | undefined; // the keys of an object literal
}

export interface ImportFact extends Fact {
  from: string;
  /** Original names of the imported bindings: `default`, `*` (namespace or whole module), or the export name. */
  names: string[];
}

export interface CallFact extends Fact {
  name: string; // last identifier of the callee, '' when it has none
  readonly callee: string; // whole callee text, whitespace removed
  readonly receiver: string; // callee text before the last '.', '' when none
  args: ArgumentFact[];
}

export interface ClassFact extends Fact {
  name: string;
  extends: string; // heritage text of the extends clause, '' when none
  implements: string[];
}

export interface HeritageFact extends Fact {
  text: string; // e.g. `Base`, `Transport`, `events.EventEmitter`
}

export interface FunctionFact extends Fact {
  name: string;
}

export interface MethodFact extends Fact {
  name: string;
  className: string; // '' for object literals and anonymous classes
}

export interface DecoratorFact extends Fact {
  name: string;
}

export interface StringFact extends Fact {
  value: string;
}

export interface NumberFact extends Fact {
  value: number;
}

export interface PropertyFact extends Fact {
  name: string;
  readonly object: string; // object text, whitespace removed
}

export interface ObjectKeyFact extends Fact {
  name: string;
  value: ArgumentFact | undefined;
}

/** An equality comparison `left op right` (`===`, `!==`, `==`, `!=`); operands' texts are computed on first use. */
export interface CompareFact extends Fact {
  operator: string;
  readonly left: string; // the left operand's source text, leading trivia removed
  readonly right: string;
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
  text: string;
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
  comparisons: CompareFact[];
  suppressions: SuppressionComment[];
}

/** The fact kinds a leaf matcher can query; each is defined (the nodes it is read from, its key) in kinds/. */
export type FactKind = Exclude<keyof FileFacts, 'path' | 'text' | 'suppressions'>;
