import type { Pattern } from '../matchers/pattern.js';
import type { FactKind } from './types.js';

/** What one leaf matcher can ask the index for: facts of a kind, with a key (name, module, value) it may match. */
export interface Interest {
  kind: FactKind;
  key: Pattern | undefined; // undefined: any fact of the kind
}

/**
 * Which facts any loaded rule can ask about, so that the walk records only those: most calls, property accesses and
 * strings of a project match no rule, and not recording them is most of the audit's cost above the parse. Each
 * distinct key is tested once.
 */
export class FactFilter {
  readonly signature: string;
  private readonly patterns = new Map<FactKind, Pattern[] | 'all'>();
  private readonly decided = new Map<FactKind, Map<string, boolean>>();

  constructor(interests: readonly Interest[]) {
    for (const { kind, key } of interests) {
      const current = this.patterns.get(kind);
      if (current === 'all') continue;
      if (key === undefined) this.patterns.set(kind, 'all');
      else this.patterns.set(kind, [...(current ?? []), key]);
    }
    const parts = [...this.patterns.entries()]
      .map(([kind, p]) => `${kind}=${p === 'all' ? '*' : [...new Set(p.map((x) => x.key))].sort().join('|')}`)
      .sort();
    this.signature = parts.join(';');
  }

  /** True when some rule asks about facts of this kind at all. */
  wantsKind(kind: FactKind): boolean {
    return this.patterns.has(kind);
  }

  /** True when some rule may match a fact of this kind with this key. */
  wants(kind: FactKind, key: string): boolean {
    const patterns = this.patterns.get(kind);
    if (patterns === undefined) return false;
    if (patterns === 'all') return true;
    let decided = this.decided.get(kind);
    if (!decided) this.decided.set(kind, (decided = new Map()));
    let answer = decided.get(key);
    if (answer === undefined) {
      answer = patterns.some((p) => p.test(key));
      decided.set(key, answer);
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
    ] as const
  ).map((kind) => ({ kind, key: undefined })),
);
