/** The issues of a value an ajv validator (compiled with `allErrors`) rejected, in the words of issue-messages.ts. */
import type { ErrorObject } from 'ajv';
import {
  missingField,
  mustBeOneOf,
  mustBeType,
  mustCompare,
  mustCount,
  mustMatchPattern,
  noDuplicates,
  unknownField,
  wrongShape,
} from './issue-messages.js';
import type { PathIssue } from './located-issue.js';

export interface AjvIssueOptions {
  /** What to say of a value that no branch of an anyOf or oneOf accepts (default: wrongShape). */
  wrongShape?: string;
}

/** One issue per problem ajv found; the branches of a failed anyOf or oneOf are summed up by the choice itself. */
export function ajvIssues(errors: readonly ErrorObject[], options: AjvIssueOptions = {}): PathIssue[] {
  const kept: ErrorObject[] = [];
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      // ajv lists each branch's errors right before the choice's own error, all at or under its instance path.
      // Which branch the author meant is a guess; the choice's own error names the field without guessing.
      while (kept.length > 0 && isAtOrUnder(kept[kept.length - 1]!.instancePath, error.instancePath))
        kept.pop();
    }
    kept.push(error);
  }
  return kept.map((error) => toIssue(error, options));
}

function toIssue(error: ErrorObject, options: AjvIssueOptions): PathIssue {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      return { path, key, message: unknownField(key) };
    }
    case 'required':
      return { path, message: missingField(String(params['missingProperty'])) };
    case 'type':
      return { path, message: mustBeType(String(params['type']).split(',')) };
    case 'enum':
      return { path, message: mustBeOneOf(params['allowedValues'] as unknown[]) };
    case 'const':
      return { path, message: mustBeOneOf([params['allowedValue']]) };
    case 'pattern':
      return { path, message: mustMatchPattern(String(params['pattern'])) };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: mustCompare(params['comparison'] as '>=', params['limit'] as number) };
    case 'minLength':
    case 'minItems':
      return { path, message: mustCount('at least', params['limit'] as number, unitOf(error.keyword)) };
    case 'maxLength':
    case 'maxItems':
      return { path, message: mustCount('at most', params['limit'] as number, unitOf(error.keyword)) };
    case 'uniqueItems':
      return { path, message: noDuplicates };
    case 'anyOf':
    case 'oneOf':
      return { path, message: options.wrongShape ?? wrongShape };
    default:
      return { path, message: error.message ?? 'is not valid' };
  }
}

function unitOf(keyword: string): 'character' | 'item' {
  return keyword.endsWith('Length') ? 'character' : 'item';
}

/** ['a', 0, 'b'] for `/a/0/b` (RFC 6901: `~1` is `/`, `~0` is `~`). */
function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function isAtOrUnder(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}
