import type { ts } from 'ts-morph';
import type { FileFacts } from '../facts/types.js';
import type { PathStep } from './path-step.js';
import type { TaintModule } from './module.js';

/** What a tainted value can do harm to when it arrives there. */
export type SinkKind = 'command' | 'code' | 'path' | 'url' | 'sql' | 'response' | 'upstream-credential';

export const SINK_KINDS: readonly SinkKind[] = [
  'command',
  'code',
  'path',
  'url',
  'sql',
  'response',
  'upstream-credential',
];

/**
 * Where a tainted value came from: input of an entry point, a secret of the server (a credential from its
 * environment, which must not reach a response), the caller's own credential (its Authorization header or the
 * verified token, which must not be sent on to another service), or a parameter of the function being summarised.
 */
export type Origin =
  { kind: 'source' } | { kind: 'secret' } | { kind: 'credential' } | { kind: 'param'; index: number };

/**
 * One way a value is tainted. A value may carry several (one per origin); the first path found is kept so the
 * result is deterministic.
 */
export interface Label {
  origin: Origin;
  /** How the value got here, oldest step first. */
  steps: readonly PathStep[];
  /** Sink kinds this value has been made safe for (a containment check, `basename`, numeric coercion, ...). */
  safeFor: ReadonlySet<SinkKind>;
  /** False once fixed text precedes the tainted part: a URL with a fixed origin cannot be steered to another host. */
  leading: boolean;
  /** True once the value was combined with fixed text (a command or query built around the input). */
  spliced: boolean;
  /** Properties of this object that its schema closes (enums, numbers, booleans, patterns): reading them is clean. */
  closed?: ReadonlySet<string>;
}

/** The labels a value carries; empty when it is clean. */
export type Taint = readonly Label[];

export const CLEAN: Taint = [];

/** A tainted value that reached a sink. */
export interface Flow {
  kind: SinkKind;
  file: FileFacts;
  /** The sink call, by position, as facts are recorded. */
  pos: number;
  end: number;
  syntaxKind: ts.SyntaxKind;
  steps: readonly PathStep[];
}

/** A parameter of a summarised function that reaches a sink; the label's steps lead from the parameter to it. */
export interface SummarySink {
  label: Label;
  module: TaintModule;
  node: ts.Node;
  kind: SinkKind;
  does: string;
}

/** What calling a project function does with its arguments, computed once per function. */
export interface Summary {
  /** Parameters (by index) whose value reaches the return value, with the labels as they arrive there. */
  returns: readonly Label[];
  /** Sinks a parameter reaches inside the function (or deeper). */
  sinks: readonly SummarySink[];
  /** Parameters the function checks and refuses (throws or returns early) when the check fails. */
  guards: ReadonlySet<number>;
}

export const EMPTY_SUMMARY: Summary = { returns: [], sinks: [], guards: new Set() };
