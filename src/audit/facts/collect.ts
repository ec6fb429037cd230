import { ts } from 'ts-morph';
import { EVERY_FACT, type FactFilter } from './filter.js';
import { definitionOf, FACT_KIND_NAMES } from './kinds/index.js';
import { readSuppressions } from './suppressions.js';
import type { Fact, FileFacts } from './types.js';

type Visit = (node: ts.Node) => void;

const forEachChild = ts.forEachChild;
const MAX_RECURSION = 1000;

/**
 * Gathers the facts of one parsed file in a single walk over the compiler nodes (ts-morph's wrapped nodes cost
 * several times more, and one walk for every kind costs less than one per kind). Only facts that `filter` says some
 * rule can ask about are recorded. Facts hold positions, not nodes, so the tree can be dropped after the walk.
 */
export function collectFacts(
  path: string,
  sourceFile: ts.SourceFile,
  filter: FactFilter = EVERY_FACT,
): FileFacts {
  return walkFacts(path, sourceFile, filter).facts;
}

/**
 * `collectFacts`, also telling how deep the tree nests (the most ancestors of a node below the file, or at least
 * 1000 when the walk had to set deeper subtrees aside), which decides whether later passes may recurse through it.
 */
export function walkFacts(
  path: string,
  sourceFile: ts.SourceFile,
  filter: FactFilter = EVERY_FACT,
): { facts: FileFacts; depth: number } {
  const facts = emptyFacts(path, sourceFile.text);
  const visitors = visitorsBySyntaxKind(facts, filter);
  const visit = (node: ts.Node): void => {
    // The walk links each node to its parent itself (see `parseSource`): the collectors below read `parent`, and so
    // do the passes that reuse a kept tree.
    (node as { parent: ts.Node }).parent = parent;
    if ((node as MaybeDocumented).jsDoc) linkDocComments(node as MaybeDocumented);
    const record = visitors[node.kind];
    if (record !== undefined) record(node);
    if (depth > deepest) deepest = depth;
    // Generated code can nest thousands deep (`'a' + 'b' + …`): past a depth, subtrees wait on a list instead of
    // deepening the call stack. Fact order does not matter (evidence is sorted), only that every node is seen.
    if (depth >= MAX_RECURSION) {
      deferred.push(node);
      return;
    }
    depth++;
    parent = node;
    forEachChild(node, visit);
    parent = node.parent;
    depth--;
  };
  let depth = 0;
  let deepest = 0;
  let parent: ts.Node = sourceFile;
  const deferred: ts.Node[] = [];
  forEachChild(sourceFile, visit);
  for (let next = deferred.pop(); next; next = deferred.pop()) {
    depth = 0;
    parent = next;
    forEachChild(next, visit);
  }
  // A subtree set aside was reached at MAX_RECURSION levels, so `deepest` is at least that much then.
  return { facts, depth: deepest };
}

type MaybeDocumented = ts.Node & { jsDoc?: ts.Node[] };

// JSDoc comments hang off their node outside `forEachChild`; the type checker reads them in JavaScript files. Linked
// as TypeScript's own parent pass links them (they are few, so plain recursion).
function linkDocComments(node: MaybeDocumented): void {
  const link = (child: ts.Node, parent: ts.Node): void => {
    (child as { parent: ts.Node }).parent = parent;
    forEachChild(child, (grandchild) => link(grandchild, child));
  };
  for (const doc of node.jsDoc ?? []) link(doc, node);
}

/**
 * Links every node of a tree parsed without parents (`parseSource(…, false)`) to its parent, as the fact walk does
 * on its way: about half the cost of TypeScript's own parent pass. Deep trees go through a list, not the stack.
 */
export function linkParents(root: ts.SourceFile): void {
  const pending: ts.Node[] = [root];
  const link = (child: ts.Node): void => {
    (child as { parent: ts.Node }).parent = current;
    if ((child as MaybeDocumented).jsDoc) linkDocComments(child as MaybeDocumented);
    pending.push(child);
  };
  let current: ts.Node = root;
  for (let next = pending.pop(); next; next = pending.pop()) {
    current = next;
    forEachChild(next, link);
  }
}

function emptyFacts(path: string, text: string): FileFacts {
  const facts = { path, text, suppressions: readSuppressions(text) } as FileFacts;
  for (const kind of FACT_KIND_NAMES) (facts[kind] as Fact[]) = [];
  return facts;
}

// What the walk does with a node, looked up by its syntax kind in an array: a `switch` over `ts.SyntaxKind.X` cases
// reads enum properties for every node of the tree, which costs more than the walk itself. Only the kinds some rule
// asks about have a visitor; a syntax kind that several kinds record from (a call is also a `require`) runs each.
function visitorsBySyntaxKind(facts: FileFacts, filter: FactFilter): (Visit | undefined)[] {
  const visitors = new Array<Visit | undefined>(ts.SyntaxKind.Count).fill(undefined);
  for (const kind of FACT_KIND_NAMES) {
    const wanted = filter.wanted(kind);
    if (!wanted) continue;
    const definition = definitionOf(kind);
    const out = facts[kind] as Fact[];
    const record: Visit = (node) => definition.collect(node, facts, wanted, out);
    for (const syntaxKind of definition.nodes) {
      const before = visitors[syntaxKind];
      visitors[syntaxKind] = before
        ? (node) => {
            before(node);
            record(node);
          }
        : record;
    }
  }
  return visitors;
}
