/**
 * A value checked against a zod schema, its problems told in the words of issue-messages.ts: the wording is zod's
 * error map (it sees the schema that failed, e.g. that a number had to be an integer), the places are fixed up after
 * (an unknown key at the key, a missing field at the object that lacks it).
 */
import type { z } from 'zod';
import {
  missingField,
  mustBeOneOf,
  mustBeType,
  mustCompare,
  mustCount,
  mustMatchPattern,
  unknownField,
  wrongShape,
} from './issue-messages.js';
import type { FieldPath, PathIssue } from './located-issue.js';

type ZodIssue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** The parsed value, or every problem that prevents it. */
export type ZodCheck<Output> = { success: true; data: Output } | { success: false; issues: PathIssue[] };

/** Parses `value` with `schema`; one issue per problem (unknown keys: one each). */
export function checkWithZod<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): ZodCheck<z.output<Schema>> {
  const result = schema.safeParse(value, { error: messageOf });
  if (result.success) return { success: true, data: result.data };
  return { success: false, issues: result.error.issues.flatMap((issue) => placed(issue, value)) };
}

function placed(issue: ZodIssue, value: unknown): PathIssue[] {
  const path: FieldPath = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
  const parent = path.slice(0, -1);
  const last = path[path.length - 1];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path, key, message: unknownField(key) }));
    case 'invalid_type':
      // A field the object does not have is told at the object, like a JSON Schema `required`.
      return last !== undefined && isMissing(value, parent, last)
        ? [{ path: parent, message: issue.message }]
        : [{ path, message: issue.message }];
    case 'invalid_key':
      // A record's key that its key schema refuses: the problem is placed at the key itself.
      return [{ path: parent, key: String(last), message: issue.message }];
    case 'invalid_union': {
      // The one branch whose type fits the value explains it best (zod picks it itself unless that branch also
      // transforms the value).
      const fitting = issue.errors.filter((branch) => !branch.some(isTypeMismatchAtRoot));
      if (fitting.length !== 1) return [{ path, message: issue.message }];
      return fitting[0]!.flatMap((inner) =>
        placed({ ...inner, path: [...issue.path, ...inner.path] }, value),
      );
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/** zod's error map: the message of one problem, in our words (undefined: keep the check's own message). */
function messageOf(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return missingField(String(issue.path?.at(-1) ?? ''));
      const integer = (issue.inst as z.core.$ZodType | undefined)?._zod.def;
      return mustBeType([
        integer && 'format' in integer && integer.format === 'safeint' ? 'integer' : issue.expected,
      ]);
    }
    case 'unrecognized_keys':
      return issue.keys.map(unknownField).join(', ');
    case 'invalid_union': {
      // zod answers with the issues of the one branch whose type fits when there is one; this is the case where
      // no branch fits (a type none accepts), or several do.
      const types = issue.errors.map((branch) => branch.find(isTypeMismatchAtRoot));
      return types.every((i) => i !== undefined)
        ? mustBeType(types.map((i) => (i as { expected: string }).expected))
        : wrongShape;
    }
    case 'invalid_value':
      return mustBeOneOf(issue.values);
    case 'invalid_format':
      if (issue.format === 'regex' && typeof issue['pattern'] === 'string')
        // zod gives the regular expression as `/source/flags`; a `\/` in the source is a plain `/`.
        return mustMatchPattern(issue['pattern'].replace(/^\/(.*)\/[a-z]*$/s, '$1').replaceAll('\\/', '/'));
      return issue.format === 'url' ? 'must be a URL' : `must be a valid ${issue.format}`;
    case 'too_small':
      return bound('at least', issue.origin, issue.minimum, issue.inclusive);
    case 'too_big':
      return bound('at most', issue.origin, issue.maximum, issue.inclusive);
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_key':
      return `key ${issue.issues[0]?.message ?? 'is not valid'}`;
    default:
      return undefined;
  }
}

function isTypeMismatchAtRoot(issue: ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

function bound(
  side: 'at least' | 'at most',
  origin: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
): string {
  if (origin === 'string') return mustCount(side, Number(limit), 'character');
  if (origin === 'array' || origin === 'set') return mustCount(side, Number(limit), 'item');
  const operator = side === 'at least' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return mustCompare(operator, limit);
}

function isMissing(value: unknown, parentPath: FieldPath, key: string | number): boolean {
  let node = value;
  for (const part of parentPath) {
    if (!isObject(node) || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string | number, unknown>)[part];
  }
  return isObject(node) && !Object.hasOwn(node, key);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
