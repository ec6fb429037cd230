import type { FieldPath } from '../field-path.js';
import { assignment, type AssignmentOptions } from './assignment.js';
import { allOf, anyOf, count, inside, NotMatcher, sameFile } from './combinators.js';
import { given } from './given.js';
import { guard } from './guard.js';
import { compileArgument, type ArgumentSpec } from './arguments.js';
import { invokes, usesLibrary, type UsesLibrarySpec } from './flows.js';
import { compileLeaf, LEAF_MATCHERS, type LeafName } from './leaf.js';
import { compilePattern, PatternError } from '../regex/pattern.js';
import { containing } from './containing.js';
import { inBranch } from './branch.js';
import { operandFrom } from './operand-from.js';
import { missingOption } from './missing-option.js';
import { whenValue } from './when-set.js';
import { reaches } from './reaches.js';
import { taint, type TaintSpec } from './taint.js';
import { narrowScope } from './scope.js';
import type { Matcher } from './types.js';

/** Reports a rule error at a place in the rule file; never returns. */
export type Fail = (path: FieldPath, message: string) => never;

const COMBINATORS = [
  'any',
  'all',
  'not',
  'inside',
  'not-inside',
  'same-file',
  'count',
  'reaches',
  'containing',
  'given',
  'guard',
  'assignment',
  'taint',
  'in-branch',
  'not-in-branch',
  'operand-from',
  'when-set',
  'when-unset',
  'missing-option',
] as const;
const SCOPE_KEYS = new Set(['files', 'exclude']);

/** Every key that may name a matcher. */
export const MATCHER_NAMES: readonly string[] = [...LEAF_MATCHERS, ...COMBINATORS];

/**
 * Compiles a matcher as written in a rule file (already shape-checked by rules/rules.schema.json) into a function
 * over the fact index. Regular expressions compile here, once; a bad one fails with its place in the file.
 */
export function compileMatcher(spec: unknown, path: FieldPath, fail: Fail): Matcher {
  const object = spec as Record<string, unknown>;
  const names = Object.keys(object).filter((key) => !SCOPE_KEYS.has(key));
  if (names.length !== 1) {
    fail(
      path,
      names.length === 0
        ? `a matcher needs one of ${MATCHER_NAMES.join(', ')}`
        : `a matcher has exactly one key, found ${names.join(', ')} (wrap several in any: or all:)`,
    );
  }
  const name = names[0]!;
  const options = object[name];
  const at = [...path, name];
  const matcher = compileNamed(name, options, at, fail);
  const files = object.files as string[] | undefined;
  const exclude = object.exclude as string[] | undefined;
  if (!files && !exclude) return matcher;
  return {
    key: JSON.stringify({
      files: files ?? [],
      exclude: exclude ?? [],
      match: JSON.parse(matcher.key) as unknown,
    }),
    semantic: matcher.semantic,
    interests: matcher.interests,
    evaluate: (context, scope) => matcher.evaluate(context, narrowScope(scope, files, exclude)),
  };
}

// The path of the option that holds a pattern, so that the error points at it rather than at its matcher.
function placeOf(pattern: string, options: unknown, path: FieldPath): FieldPath {
  return findValue(pattern, options, path) ?? path;
}

function findValue(pattern: string, value: unknown, path: FieldPath): FieldPath | undefined {
  if (value === pattern) return path;
  if (value === null || typeof value !== 'object') return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [key, inner] of entries) {
    const found = findValue(pattern, inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function compileNamed(name: string, options: unknown, path: FieldPath, fail: Fail): Matcher {
  const o = options as Record<string, unknown>;
  const list = (items: unknown): Matcher[] =>
    (items as unknown[]).map((item, i) => compileMatcher(item, [...path, i], fail));
  switch (name) {
    case 'any':
      return anyOf(list(options));
    case 'all':
      return allOf(list(options));
    case 'same-file':
      return sameFile(list(options));
    case 'not':
      return new NotMatcher(compileMatcher(options, path, fail));
    case 'inside':
    case 'not-inside':
      return inside(
        compileMatcher(o.match, [...path, 'match'], fail),
        compileMatcher(o.of, [...path, 'of'], fail),
        name === 'not-inside',
      );
    case 'containing':
      return containing(
        compileMatcher(o.match, [...path, 'match'], fail),
        compileMatcher(o.has, [...path, 'has'], fail),
      );
    case 'given':
      return given(
        compileMatcher(o.match, [...path, 'match'], fail),
        compileMatcher(o.has, [...path, 'has'], fail),
        (o.in as 'file' | 'project' | undefined) ?? 'file',
      );
    case 'count': {
      const min = o.min as number | undefined;
      const max = o.max as number | undefined;
      if (min !== undefined && max !== undefined && min > max)
        fail([...path, 'min'], `min ${min} is above max ${max}`);
      return count(compileMatcher(o.match, [...path, 'match'], fail), min, max);
    }
    case 'reaches':
      return reaches(
        compileMatcher(o.from, [...path, 'from'], fail),
        compileMatcher(o.to, [...path, 'to'], fail),
        o.before === undefined ? undefined : compileMatcher(o.before, [...path, 'before'], fail),
      );
    case 'guard':
      return guard(compileMatcher(o.check, [...path, 'check'], fail));
    case 'operand-from':
      try {
        return operandFrom(
          compileMatcher(o.match, [...path, 'match'], fail),
          compilePattern(o.from as string),
        );
      } catch (error) {
        if (error instanceof PatternError) return fail([...path, 'from'], error.message);
        throw error;
      }
    case 'when-set':
    case 'when-unset':
      try {
        return whenValue(
          compileMatcher(o.match, [...path, 'match'], fail),
          compilePattern(o.value as string | string[]),
          name === 'when-set' ? 'set' : 'unset',
        );
      } catch (error) {
        if (error instanceof PatternError) return fail([...path, 'value'], error.message);
        throw error;
      }
    case 'missing-option':
      try {
        return missingOption(
          compileMatcher(o.match, [...path, 'match'], fail),
          o.index as number,
          compilePattern(o.key as string | string[]),
        );
      } catch (error) {
        if (error instanceof PatternError) return fail([...path, 'key'], error.message);
        throw error;
      }
    case 'in-branch':
    case 'not-in-branch':
      try {
        return inBranch(
          compileMatcher(o.match, [...path, 'match'], fail),
          compilePattern(o.condition as string | string[]),
          name === 'not-in-branch',
        );
      } catch (error) {
        if (error instanceof PatternError) return fail([...path, 'condition'], error.message);
        throw error;
      }
    case 'uses-library': {
      const { match, ...spec } = o as unknown as { match: unknown } & UsesLibrarySpec;
      try {
        return usesLibrary(compileMatcher(match, [...path, 'match'], fail), spec);
      } catch (error) {
        if (error instanceof PatternError) return fail(placeOf(error.pattern, options, path), error.message);
        throw error;
      }
    }
    case 'taint':
      return taint(options as TaintSpec);
    case 'invokes':
      return invokes(
        list(o.reaching),
        ((o.args as ArgumentSpec[] | undefined) ?? []).map(compileArgument),
        JSON.stringify(o.args ?? []),
      );
    case 'assignment':
      try {
        return assignment((options ?? {}) as AssignmentOptions);
      } catch (error) {
        if (error instanceof PatternError) return fail(placeOf(error.pattern, options, path), error.message);
        throw error;
      }
    default:
      if (!(LEAF_MATCHERS as readonly string[]).includes(name)) {
        return fail(path, `unknown matcher '${name}' (known: ${MATCHER_NAMES.join(', ')})`);
      }
      try {
        return compileLeaf(name as LeafName, options);
      } catch (error) {
        if (error instanceof PatternError) return fail(placeOf(error.pattern, options, path), error.message);
        throw error;
      }
  }
}
