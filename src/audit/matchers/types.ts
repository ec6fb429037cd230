import type { Interest } from '../facts/filter.js';
import type { FactIndex } from '../facts/index.js';
import type { Fact, FileFacts } from '../facts/types.js';
import type { SyntaxTrees } from '../facts/trees.js';
import type { Diagnostic } from '../scorecard.js';
import type { DependencyLookup, FrameworkCredit } from '../frameworks/credit.js';
import type { PathStep } from '../taint/path-step.js';
import type { SemanticModel } from './semantic.js';

/**
 * A match: a fact (a node, by position) in a file. A file-less match stands for "this holds" without a place, as
 * `not` yields.
 */
export interface Match {
  file?: FileFacts;
  fact?: Fact;
  /** Set when a framework fact credits this place (the framework does the work; this line uses it). */
  framework?: FrameworkCredit;
  /** Set by taint matchers: the steps from the source to this place (the sink), each a place and a note. */
  path?: readonly PathStep[];
}

/** The files a matcher may look at; `key` identifies the scope for caching. */
export interface Scope {
  files: readonly FileFacts[];
  contains: (file: FileFacts) => boolean;
  key: string;
}

/** What a matcher evaluates against: the fact index, the lazily created type checker, and a result cache. */
export interface EvaluationContext {
  index: FactIndex;
  semantic: () => SemanticModel;
  /** Syntax trees parsed after the fact walk, shared by the type checker and the taint analysis. */
  trees: SyntaxTrees;
  cache: Map<string, Match[]>;
  /** What a matcher could not finish (a budget spent), reported with the audit's diagnostics. */
  diagnostics: Diagnostic[];
  /** The audited project's dependencies, which framework facts consult. */
  dependencies: DependencyLookup;
}

/** A compiled matcher: a function over the fact index. */
export interface Matcher {
  /** Canonical text of the matcher, for caching and fingerprints. */
  readonly key: string;
  /** True when this matcher or one below it needs the type checker. */
  readonly semantic: boolean;
  /** The facts this matcher and those below it can ask for. */
  readonly interests: readonly Interest[];
  /**
   * True when the matches found in a file depend on that file alone (not on which other files are in scope), so that
   * evaluating over fewer files gives the same matches in the files kept. Lets `same-file` ask an expensive child
   * only about the files its cheap siblings left.
   */
  readonly fileLocal?: boolean;
  /**
   * The files of `scope` this matcher can match in, found without the type checker (a superset of where it matches);
   * absent when it cannot tell cheaply. Lets `same-file` skip files that cannot qualify before asking costlier
   * siblings about them.
   */
  candidateFiles?(context: EvaluationContext, scope: Scope): ReadonlySet<FileFacts>;
  evaluate(context: EvaluationContext, scope: Scope): Match[];
}
