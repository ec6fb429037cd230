import type { ts } from 'ts-morph';
import type { Fact, FactKind, FileFacts } from '../types.js';

/** A text of a fact other than its key that a leaf matcher tests: a call's callee or receiver, an access's object. */
export type TextField = 'callee' | 'receiver' | 'object';

/** What the walk asks about one kind of fact: whether some loaded rule may match a fact with this key or text. */
export interface WantedFacts {
  /** True when every fact of the kind is wanted or some rule's key pattern matches `key`. */
  key(key: string): boolean;
  /** The texts other than the key that some rule without a key tests, each once, in first-seen order. */
  readonly textFields: readonly TextField[];
  /** True when some keyless rule's pattern for `field` matches `text`. */
  text(field: TextField, text: string): boolean;
}

/**
 * One kind of fact, all in one place: the syntax nodes it is recorded from, the key matchers look it up by (through
 * `FactIndex.factsMatching`), and the other texts they may test instead (`FactIndex.factsWithText`). Adding a kind is
 * its shape in ../types.ts (a `FileFacts` field), a definition beside this file, and its entry in index.ts; a leaf
 * matcher (matchers/leaf.ts) then asks for it by name.
 */
export interface FactKindDefinition<F extends Fact> {
  /** The syntax kinds of the nodes the walk hands to `collect`. */
  readonly nodes: readonly ts.SyntaxKind[];
  /**
   * Appends to `out` the facts of one node that some rule may ask about (`wanted`). It runs for every node of these
   * kinds in every audited file, so it tests the cheap key before building a fact.
   */
  collect(node: ts.Node, file: FileFacts, wanted: WantedFacts, out: F[]): void;
  /** The text matchers' key patterns test (a name, a module, a value); none when rules ask for every fact. */
  key?(fact: F): string;
  /** The texts a matcher without a key may test instead. */
  readonly texts?: { readonly [T in TextField]?: (fact: F) => string };
}

/** A definition for every kind of fact, by its `FileFacts` field. */
export type FactKinds = { readonly [K in FactKind]: FactKindDefinition<FileFacts[K][number]> };
