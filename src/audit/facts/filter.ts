import type { Pattern } from '../matchers/pattern.js';
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
}

/**
 * Which facts any loaded rule can ask about, so that the walk records only those: most calls, property accesses and
 * strings of a project match no rule, and not recording them is most of the audit's cost above the parse. Each
 * distinct key is tested once.
 */
export class FactFilter {
  readonly signature: string;
  private readonly byKind = new Map<FactKind, KindInterest>();
  private readonly decided = new Map<string, boolean>();

  constructor(interests: readonly Interest[]) {
    for (const { kind, key, text } of interests) {
      let entry = this.byKind.get(kind);
      if (!entry) this.byKind.set(kind, (entry = { all: false, keys: [], texts: [] }));
      if (key) entry.keys.push(key);
      else if (text) entry.texts.push(text);
      else entry.all = true;
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
    const entry = this.byKind.get(kind);
    if (!entry) return false;
    if (entry.all) return true;
    if (
      entry.keys.length > 0 &&
      this.decide(`${kind}\u0000k\u0000${key}`, () => entry.keys.some((p) => p.test(key)))
    ) {
      return true;
    }
    if (entry.texts.length === 0 || !textOf) return false;
    return entry.texts.some(({ field, pattern }) => {
      const text = textOf(field);
      return this.decide(`${kind}\u0000${field}\u0000${pattern.key}\u0000${text}`, () => pattern.test(text));
    });
  }

  private decide(key: string, test: () => boolean): boolean {
    let answer = this.decided.get(key);
    if (answer === undefined) this.decided.set(key, (answer = test()));
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
    ] as const
  ).map((kind) => ({ kind, key: undefined })),
);
