import { ts } from 'ts-morph';

/**
 * How deep a tree may nest for the passes after the fact walk. The type checker's binder and the taint analysis
 * recurse once or more per level and exhaust the default call stack between 1 500 and 2 000 levels (`a()()()…`,
 * `x && x && …`, `a.b().b()…` measured with the bundled rules); the deepest file of the 20 real-world servers, of
 * this repository and of its dependencies nests 74 levels.
 */
export const MAX_TYPE_CHECKED_DEPTH = 500;

/** True when some node of the tree has more than `limit` ancestors. Recurses at most `limit` levels. */
export function nestedDeeperThan(sourceFile: ts.SourceFile, limit: number): boolean {
  let depth = 0;
  const visit = (node: ts.Node): boolean => {
    if (depth >= limit) return true;
    depth++;
    const deeper = ts.forEachChild(node, visit) === true;
    depth--;
    return deeper;
  };
  return ts.forEachChild(sourceFile, visit) === true;
}
