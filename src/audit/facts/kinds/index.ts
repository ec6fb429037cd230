import { calls, news } from './calls.js';
import { classes } from './classes.js';
import { comparisons } from './comparisons.js';
import { decorators } from './decorators.js';
import type { FactKindDefinition, FactKinds } from './definition.js';
import { functions } from './functions.js';
import { extendsClauses, implementsClauses } from './heritage.js';
import { imports } from './imports.js';
import { numbers, strings } from './literals.js';
import { methods } from './methods.js';
import { objectKeys } from './object-keys.js';
import { properties } from './properties.js';
import type { Fact, FactKind } from '../types.js';

/** Every kind of fact the walk can record, by its `FileFacts` field (the names leaf matchers ask for). */
export const FACT_KINDS: FactKinds = {
  imports,
  calls,
  news,
  classes,
  extends: extendsClauses,
  implements: implementsClauses,
  functions,
  methods,
  decorators,
  strings,
  numbers,
  properties,
  objectKeys,
  comparisons,
};

/** The kinds in a fixed order (the order of `FACT_KINDS`). */
export const FACT_KIND_NAMES = Object.keys(FACT_KINDS) as FactKind[];

/** The definition of a kind, as code that handles every kind alike sees it (each is typed by its own fact). */
export function definitionOf(kind: FactKind): FactKindDefinition<Fact> {
  return FACT_KINDS[kind] as FactKindDefinition<Fact>;
}
