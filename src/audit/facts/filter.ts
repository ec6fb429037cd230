import type { Pattern } from '../regex/pattern.js';
import type { TextField, WantedFacts } from './kinds/definition.js';
import { FACT_KIND_NAMES } from './kinds/index.js';
import type { FactKind } from './types.js';

/**
 * What one leaf matcher can ask the index for: facts of a kind whose key (name, module, value) matches `key`, or,
 * when it has no key, whose `text.field` matches `text.pattern`; with neither, every fact of the kind.
 */
export interface Interest {
  kind: FactKind;
  key: Pattern | undefined;
  text?: { field: TextField; pattern: Pattern };
}

// What the rules ask about one kind. Answers are remembered per distinct key and text, so each is tested once (no
// composite string keys per node).
class KindInterest implements WantedFacts {
  all = false;
  readonly keys: Pattern[] = [];
  readonly texts: { field: TextField; pattern: Pattern }[] = [];
  readonly textFields: TextField[] = [];
  private readonly keyAnswers = new Map<string, boolean>();
  private readonly textAnswers = new Map<TextField, Map<string, boolean>>();

  add({ key, text }: Interest): void {
    // Rules share patterns (YAML anchors, the same library named twice): each distinct one is tested once.
    if (key) {
      if (!this.keys.some((k) => k.key === key.key)) this.keys.push(key);
    } else if (text) {
      if (!this.texts.some((t) => t.field === text.field && t.pattern.key === text.pattern.key))
        this.texts.push(text);
      if (!this.textFields.includes(text.field)) {
        this.textFields.push(text.field);
        this.textAnswers.set(text.field, new Map());
      }
    } else this.all = true;
  }

  key(key: string): boolean {
    if (this.all) return true;
    if (this.keys.length === 0) return false;
    let answer = this.keyAnswers.get(key);
    if (answer === undefined) {
      answer = this.keys.some((p) => p.test(key));
      this.keyAnswers.set(key, answer);
    }
    return answer;
  }

  text(field: TextField, text: string): boolean {
    const answers = this.textAnswers.get(field);
    if (!answers) return false;
    let answer = answers.get(text);
    if (answer === undefined) {
      answer = this.texts.some((t) => t.field === field && t.pattern.test(text));
      answers.set(text, answer);
    }
    return answer;
  }

  signature(kind: FactKind): string {
    if (this.all) return `${kind}=*`;
    const keys = this.keys.map((k) => k.key);
    const texts = this.texts.map((t) => `${t.field}:${t.pattern.key}`);
    return `${kind}=${[...new Set([...keys, ...texts])].sort().join('|')}`;
  }
}

/**
 * Which facts any loaded rule can ask about, so that the walk records only those: most calls, property accesses and
 * strings of a project match no rule, and not recording them is most of the audit's cost above the parse.
 */
export class FactFilter {
  /** Identifies what the filter keeps, for caches of facts. */
  readonly signature: string;
  private readonly byKind = new Map<FactKind, KindInterest>();

  constructor(interests: readonly Interest[]) {
    for (const interest of interests) {
      let entry = this.byKind.get(interest.kind);
      if (!entry) {
        entry = new KindInterest();
        this.byKind.set(interest.kind, entry);
      }
      entry.add(interest);
    }
    this.signature = [...this.byKind.entries()]
      .map(([kind, entry]) => entry.signature(kind))
      .sort()
      .join(';');
  }

  /** What the rules want of a kind, or undefined when no rule asks about it (the walk then skips its nodes). */
  wanted(kind: FactKind): WantedFacts | undefined {
    return this.byKind.get(kind);
  }
}

/** The filter that keeps every fact (for tests and tools that look at all of them). */
export const EVERY_FACT = new FactFilter(FACT_KIND_NAMES.map((kind) => ({ kind, key: undefined })));
