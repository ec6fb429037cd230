import type { Pattern } from '../regex/pattern.js';
import type { FactKind } from './types.js';

/** A text of a fact other than its key that a leaf matcher tests: a call's callee or receiver, an access's object. */
export type TextField = 'callee' | 'receiver' | 'object';

/**
 * What one leaf matcher can ask the index for: facts of a kind whose key (name, module, value) matches `key`, or,
 * when it has no key, whose `text.field` matches `text.pattern`; with neither, every fact of the kind.
 */
export interface Interest {
  kind: FactKind;
  key: Pattern | undefined;
  text?: { field: TextField; pattern: Pattern };
}

interface KindInterest {
  all: boolean;
  keys: Pattern[];
  texts: { field: TextField; pattern: Pattern }[];
  /** The fields `texts` test, each once, in first-seen order. */
  fields: TextField[];
  /** Answers for keys already tested, so each distinct key is tested once (no composite string keys per node). */
  keyAnswers: Map<string, boolean>;
  textAnswers: Map<TextField, Map<string, boolean>>;
}

const NO_FIELDS: readonly TextField[] = [];

/**
 * Which facts any loaded rule can ask about, so that the walk records only those: most calls, property accesses and
 * strings of a project match no rule, and not recording them is most of the audit's cost above the parse. Each
 * distinct key is tested once.
 */
export class FactFilter {
  readonly signature: string;
  private readonly byKind = new Map<FactKind, KindInterest>();

  constructor(interests: readonly Interest[]) {
    for (const { kind, key, text } of interests) {
      let entry = this.byKind.get(kind);
      if (!entry) {
        entry = {
          all: false,
          keys: [],
          texts: [],
          fields: [],
          keyAnswers: new Map(),
          textAnswers: new Map(),
        };
        this.byKind.set(kind, entry);
      }
      // Rules share patterns (YAML anchors, the same library named twice): each distinct one is tested once.
      if (key) {
        if (!entry.keys.some((k) => k.key === key.key)) entry.keys.push(key);
      } else if (text) {
        if (!entry.texts.some((t) => t.field === text.field && t.pattern.key === text.pattern.key))
          entry.texts.push(text);
        if (!entry.fields.includes(text.field)) {
          entry.fields.push(text.field);
          entry.textAnswers.set(text.field, new Map());
        }
      } else entry.all = true;
    }
    const parts = [...this.byKind.entries()].map(([kind, e]) => {
      if (e.all) return `${kind}=*`;
      const keys = e.keys.map((k) => k.key);
      const texts = e.texts.map((t) => `${t.field}:${t.pattern.key}`);
      return `${kind}=${[...new Set([...keys, ...texts])].sort().join('|')}`;
    });
    this.signature = parts.sort().join(';');
  }

  /** True when some rule asks about facts of this kind at all. */
  wantsKind(kind: FactKind): boolean {
    return this.byKind.has(kind);
  }

  /**
   * True when some rule may match a fact of this kind with this key, or (for rules that test another text of the
   * fact) with the text `textOf` gives, which is computed only when such a rule exists.
   */
  wants(kind: FactKind, key: string, textOf?: (field: TextField) => string): boolean {
    if (this.wantsKey(kind, key)) return true;
    if (!textOf) return false;
    for (const field of this.textFields(kind)) if (this.wantsText(kind, field, textOf(field))) return true;
    return false;
  }

  /** True when every fact of the kind is wanted or some rule's key pattern matches `key`. */
  wantsKey(kind: FactKind, key: string): boolean {
    const entry = this.byKind.get(kind);
    if (!entry) return false;
    if (entry.all) return true;
    if (entry.keys.length === 0) return false;
    let answer = entry.keyAnswers.get(key);
    if (answer === undefined) {
      answer = entry.keys.some((p) => p.test(key));
      entry.keyAnswers.set(key, answer);
    }
    return answer;
  }

  /** The texts other than the key (callee, receiver, object) that some rule without a key tests for this kind. */
  textFields(kind: FactKind): readonly TextField[] {
    return this.byKind.get(kind)?.fields ?? NO_FIELDS;
  }

  /** True when some keyless rule's pattern for `field` matches `text`. */
  wantsText(kind: FactKind, field: TextField, text: string): boolean {
    const entry = this.byKind.get(kind);
    const answers = entry?.textAnswers.get(field);
    if (!entry || !answers) return false;
    let answer = answers.get(text);
    if (answer === undefined) {
      answer = entry.texts.some((t) => t.field === field && t.pattern.test(text));
      answers.set(text, answer);
    }
    return answer;
  }
}

/** The filter that keeps every fact (for tests and tools that look at all of them). */
export const EVERY_FACT = new FactFilter(
  (
    [
      'imports',
      'calls',
      'news',
      'classes',
      'extends',
      'implements',
      'functions',
      'methods',
      'decorators',
      'strings',
      'numbers',
      'properties',
      'objectKeys',
      'comparisons',
    ] as const
  ).map((kind) => ({ kind, key: undefined })),
);
