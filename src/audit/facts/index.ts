import type { Pattern } from '../regex/pattern.js';
import type { TextField } from './kinds/definition.js';
import { definitionOf } from './kinds/index.js';
import type { Fact, FactKind, FileFacts } from './types.js';

/** The facts of every audited file, queried by kind and by key (name, module, value). Files sorted by path. */
export class FactIndex {
  private readonly all = new Map<FactKind, Fact[]>();
  private readonly keyed = new Map<FactKind, Map<string, Fact[]>>();
  private readonly patternHits = new Map<string, Fact[]>();
  private readonly textHits = new Map<string, Fact[]>();
  private readonly texted = new Map<string, Map<string, number[]>>();

  constructor(readonly files: readonly FileFacts[]) {}

  /** Every fact of a kind across all files. */
  facts(kind: FactKind): Fact[] {
    let list = this.all.get(kind);
    if (!list) {
      // A plain loop: flatMap over a few large arrays is several times slower.
      list = [];
      for (const file of this.files) for (const fact of file[kind] as Fact[]) list.push(fact);
      this.all.set(kind, list);
    }
    return list;
  }

  /** Facts of a kind whose key (name, module or value) matches the pattern; each distinct key is tested once. */
  factsMatching(kind: FactKind, pattern: Pattern): Fact[] {
    const cacheKey = `${kind}\u0000${pattern.key}`;
    let hits = this.patternHits.get(cacheKey);
    if (hits) return hits;
    hits = [];
    for (const [key, facts] of this.byKey(kind)) if (pattern.test(key)) hits.push(...facts);
    this.patternHits.set(cacheKey, hits);
    return hits;
  }

  /**
   * Facts of a kind whose `field` text (a call's callee or receiver, an access's object) matches the pattern, in the
   * order of `facts(kind)`; each distinct text is tested once (most calls of a project share a few callees).
   */
  factsWithText(kind: FactKind, field: TextField, pattern: Pattern): Fact[] {
    const cacheKey = `${kind}\u0000${field}\u0000${pattern.key}`;
    let hits = this.textHits.get(cacheKey);
    if (hits) return hits;
    const all = this.facts(kind);
    const positions: number[] = [];
    for (const [text, at] of this.byText(kind, field)) {
      if (pattern.test(text)) for (const i of at) positions.push(i);
    }
    positions.sort((a, b) => a - b);
    hits = positions.map((i) => all[i]!);
    this.textHits.set(cacheKey, hits);
    return hits;
  }

  // The positions in `facts(kind)` of the facts with each distinct `field` text.
  private byText(kind: FactKind, field: TextField): Map<string, number[]> {
    const mapKey = `${kind}\u0000${field}`;
    let map = this.texted.get(mapKey);
    if (map) return map;
    map = new Map();
    const textOf = definitionOf(kind).texts?.[field];
    if (!textOf) throw new Error(`facts of kind ${kind} have no ${field} text`);
    const all = this.facts(kind);
    for (let i = 0; i < all.length; i++) {
      const text = textOf(all[i]!);
      const bucket = map.get(text);
      if (bucket) bucket.push(i);
      else map.set(text, [i]);
    }
    this.texted.set(mapKey, map);
    return map;
  }

  private byKey(kind: FactKind): Map<string, Fact[]> {
    let map = this.keyed.get(kind);
    if (map) return map;
    map = new Map();
    const definition = definitionOf(kind);
    if (!definition.key) throw new Error(`facts of kind ${kind} have no key`);
    for (const fact of this.facts(kind)) {
      const key = definition.key(fact);
      const bucket = map.get(key);
      if (bucket) bucket.push(fact);
      else map.set(key, [fact]);
    }
    this.keyed.set(kind, map);
    return map;
  }
}
