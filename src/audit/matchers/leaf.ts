import type {
  CallFact,
  ClassFact,
  CompareFact,
  DecoratorFact,
  Fact,
  FactKind,
  FileFacts,
  ImportFact,
  MethodFact,
  NumberFact,
  ObjectKeyFact,
  PropertyFact,
} from '../facts/types.js';
import type { Interest } from '../facts/filter.js';
import { compileArgument, type ArgumentSpec } from './arguments.js';
import { compilePattern, type Pattern } from '../regex/pattern.js';
import type { SymbolTarget } from './semantic.js';
import type { EvaluationContext, Match, Matcher, Scope } from './types.js';

type PatternSpec = string | string[];

/** `resolves-to: { module, export }` as written in a rule file. */
export interface ResolvesToSpec {
  module: PatternSpec;
  export?: PatternSpec;
}

/** The syntactic matchers of docs/rule-language.md, each a one-key map naming a fact kind. */
export const LEAF_MATCHERS = [
  'import',
  'call',
  'new',
  'class',
  'extends',
  'implements',
  'function',
  'method',
  'decorator',
  'string',
  'number',
  'property',
  'object-key',
  'compare',
] as const;
export type LeafName = (typeof LEAF_MATCHERS)[number];

/** Every option a leaf matcher may take (which ones a given matcher accepts is the schema's business). */
interface LeafOptions {
  from?: PatternSpec;
  name?: PatternSpec;
  callee?: PatternSpec;
  receiver?: PatternSpec;
  args?: ArgumentSpec[];
  'resolves-to'?: ResolvesToSpec;
  extends?: PatternSpec;
  implements?: PatternSpec;
  class?: PatternSpec;
  object?: PatternSpec;
  value?: unknown;
  min?: number;
  max?: number;
  operator?: PatternSpec;
  left?: PatternSpec;
  right?: PatternSpec;
  either?: PatternSpec;
}

interface LeafPlan {
  kind: FactKind;
  primary: Pattern | undefined; // looked up through the index by key
  /** Without a key, a text the walk can test so that it records only candidate facts. */
  text?: Interest['text'];
  test: (fact: Fact) => boolean; // every other option
  resolvesTo: SymbolTarget | undefined;
}

/** Compiles a leaf matcher; patterns compile here, once. Throws PatternError for a bad regular expression. */
export function compileLeaf(name: LeafName, options: unknown): Matcher {
  const plan = planLeaf(name, options);
  const key = JSON.stringify({ [name]: options });
  // Without a key, a text pattern narrows the candidates (the test checks it again, on the few kept).
  const candidates = (context: EvaluationContext): readonly Fact[] =>
    plan.primary
      ? context.index.factsMatching(plan.kind, plan.primary)
      : plan.text
        ? context.index.factsWithText(plan.kind, plan.text.field, plan.text.pattern)
        : context.index.facts(plan.kind);
  return {
    key,
    semantic: plan.resolvesTo !== undefined,
    fileLocal: true,
    interests: [{ kind: plan.kind, key: plan.primary, ...(plan.text ? { text: plan.text } : {}) }],
    candidateFiles(context: EvaluationContext, scope: Scope): ReadonlySet<FileFacts> {
      const files = new Set<FileFacts>();
      for (const fact of candidates(context)) {
        if (!files.has(fact.file) && scope.contains(fact.file) && plan.test(fact)) files.add(fact.file);
      }
      return files;
    },
    evaluate(context: EvaluationContext, scope: Scope): Match[] {
      const cacheKey = `${key}@${scope.key}`;
      const cached = context.cache.get(cacheKey);
      if (cached) return cached;
      const matches: Match[] = [];
      for (const fact of candidates(context)) {
        if (!scope.contains(fact.file) || !plan.test(fact)) continue;
        if (plan.resolvesTo && !context.semantic().resolvesTo(fact, plan.resolvesTo)) continue;
        matches.push({ file: fact.file, fact });
      }
      context.cache.set(cacheKey, matches);
      return matches;
    },
  };
}

const always = (): boolean => true;
const optional = (spec: PatternSpec | undefined): Pattern | undefined =>
  spec === undefined ? undefined : compilePattern(spec);

function planLeaf(name: LeafName, options: unknown): LeafPlan {
  // Shapes are guaranteed by rules/rules.schema.json before compilation.
  const o = (
    typeof options === 'object' && options !== null && !Array.isArray(options) ? options : {}
  ) as LeafOptions;
  switch (name) {
    case 'import': {
      const importName = optional(o.name);
      return {
        kind: 'imports',
        primary: compilePattern(o.from ?? []),
        test: importName ? (f) => (f as ImportFact).names.some((n) => importName.test(n)) : always,
        resolvesTo: undefined,
      };
    }
    case 'call':
    case 'new': {
      const callee = optional(o.callee);
      const receiver = optional(o.receiver);
      const args = (o.args ?? []).map(compileArgument);
      const textInterest = callee
        ? { field: 'callee' as const, pattern: callee }
        : receiver
          ? { field: 'receiver' as const, pattern: receiver }
          : undefined;
      return {
        kind: name === 'call' ? 'calls' : 'news',
        primary: optional(o.name),
        ...(textInterest ? { text: textInterest } : {}),
        test: (fact) => {
          const f = fact as CallFact;
          if (callee && !callee.test(f.callee)) return false;
          if (receiver && !receiver.test(f.receiver)) return false;
          return args.every((holds) => holds(f.args, f.file.text));
        },
        resolvesTo: symbolTarget(o['resolves-to']),
      };
    }
    case 'class': {
      const extendsPattern = optional(o.extends);
      const implementsPattern = optional(o.implements);
      return {
        kind: 'classes',
        primary: optional(o.name),
        test: (fact) => {
          const f = fact as ClassFact;
          if (extendsPattern && (f.extends === '' || !extendsPattern.test(f.extends))) return false;
          return !implementsPattern || f.implements.some((i) => implementsPattern.test(i));
        },
        resolvesTo: undefined,
      };
    }
    case 'extends':
    case 'implements':
      return {
        kind: name,
        primary: compilePattern(options as PatternSpec),
        test: always,
        resolvesTo: undefined,
      };
    case 'function':
      return { kind: 'functions', primary: optional(o.name), test: always, resolvesTo: undefined };
    case 'method': {
      const className = optional(o.class);
      return {
        kind: 'methods',
        primary: optional(o.name),
        test: className ? (f) => className.test((f as MethodFact).className) : always,
        resolvesTo: undefined,
      };
    }
    case 'decorator':
      return {
        kind: 'decorators',
        primary: optional(o.name),
        test: (f) => (f as DecoratorFact).name !== '' || o.name === undefined,
        resolvesTo: symbolTarget(o['resolves-to']),
      };
    case 'string': {
      const value =
        typeof options === 'string' || Array.isArray(options)
          ? (options as PatternSpec)
          : (o.value as PatternSpec);
      return { kind: 'strings', primary: optional(value), test: always, resolvesTo: undefined };
    }
    case 'number': {
      const values =
        o.value === undefined ? undefined : new Set<number>([o.value as number | number[]].flat());
      const min = o.min as number | undefined;
      const max = o.max as number | undefined;
      return {
        kind: 'numbers',
        primary: undefined,
        test: (fact) => {
          const value = (fact as NumberFact).value;
          if (values && !values.has(value)) return false;
          if (min !== undefined && value < min) return false;
          return max === undefined || value <= max;
        },
        resolvesTo: undefined,
      };
    }
    case 'property': {
      const object = optional(o.object);
      return {
        kind: 'properties',
        primary: optional(o.name),
        ...(object ? { text: { field: 'object' as const, pattern: object } } : {}),
        test: object ? (f) => object.test((f as PropertyFact).object) : always,
        resolvesTo: undefined,
      };
    }
    case 'object-key': {
      const shorthand = typeof options === 'string' || Array.isArray(options);
      const keyName = shorthand ? (options as PatternSpec) : o.name;
      const value =
        !shorthand && o.value !== undefined ? compileArgument(o.value as ArgumentSpec) : undefined;
      return {
        kind: 'objectKeys',
        primary: optional(keyName),
        test: value
          ? (fact) => {
              const f = fact as ObjectKeyFact;
              return f.value !== undefined && value([f.value], f.file.text);
            }
          : always,
        resolvesTo: undefined,
      };
    }
    case 'compare': {
      const left = optional(o.left);
      const right = optional(o.right);
      const either = optional(o.either);
      return {
        kind: 'comparisons',
        // `instanceof` is a comparison only when asked for by name; without `operator`, the equality operators.
        primary: optional(o.operator ?? ['===', '!==', '==', '!=']),
        test: (fact) => {
          const f = fact as CompareFact;
          if (left && !left.test(f.left)) return false;
          if (right && !right.test(f.right)) return false;
          return !either || either.test(f.left) || either.test(f.right);
        },
        resolvesTo: undefined,
      };
    }
  }
}

function symbolTarget(spec: ResolvesToSpec | undefined): SymbolTarget | undefined {
  if (spec === undefined) return undefined;
  return { module: compilePattern(spec.module), export: optional(spec.export) };
}
