/**
 * How deep a tree may nest for the passes after the fact walk. The type checker's binder and the taint analysis
 * recurse once or more per level and exhaust the default call stack between 1 500 and 2 000 levels (`a()()()…`,
 * `x && x && …`, `a.b().b()…` measured with the bundled rules); the deepest file of the 20 real-world servers, of
 * this repository and of its dependencies nests 74 levels.
 */
export const MAX_TYPE_CHECKED_DEPTH = 500;
