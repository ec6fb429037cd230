/**
 * The words a schema problem is told in, whichever schema found it (ajv for rule files and safeguard.config.yaml,
 * zod for the serve config), so that every file the project reads explains itself the same way. A message never
 * repeats the value: a config may hold secrets, and the line and column already point at it.
 */

export const unknownField = (key: string) => `unknown field '${key}'`;

export const missingField = (key: string) => `missing required field '${key}'`;

/** `must be integer`, `must be string or array` (JSON Schema's names of types). */
export const mustBeType = (types: readonly string[]) => `must be ${types.join(' or ')}`;

export const mustBeOneOf = (values: readonly unknown[]) => `must be one of ${values.map(String).join(', ')}`;

export const mustMatchPattern = (pattern: string) => `must match pattern "${pattern}"`;

/** `must be >= 1`, `must be < 10`. */
export const mustCompare = (operator: '>=' | '>' | '<=' | '<', limit: number | bigint) =>
  `must be ${operator} ${limit}`;

/** `must have at least 1 character`, `must have at most 200 characters`. */
export const mustCount = (bound: 'at least' | 'at most', count: number, unit: 'character' | 'item') =>
  `must have ${bound} ${count} ${unit}${count === 1 ? '' : 's'}`;

export const noDuplicates = 'must not list the same item twice';

/** A value none of a choice of shapes accepts, when no single shape explains it better. */
export const wrongShape = 'has the wrong type or shape';
