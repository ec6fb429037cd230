import { ts } from 'ts-morph';
import { linkParents } from './collect.js';
import { isSyntaxOnly, keptTree, parseSource } from './parse.js';
import type { Fact, FileFacts } from './types.js';

/**
 * The syntax trees of one audit, parsed on first request and shared by the passes that need trees after the fact
 * walk (the type checker and the taint analysis), so that no file is parsed a third time: the fact walk's own tree
 * when it kept it, else parsed again. A file read for its syntax only (nested too deep for those passes, see
 * `indexFiles`) is an empty tree here: the passes would exhaust the call stack on it.
 */
export class SyntaxTrees {
  private readonly trees = new Map<FileFacts, ts.SourceFile>();

  get(file: FileFacts): ts.SourceFile {
    let tree = this.trees.get(file);
    if (!tree) {
      tree = keptTree(file) ?? parseAgain(file);
      this.trees.set(file, tree);
    }
    return tree;
  }

  /** The syntax node a fact was recorded from, in this file's tree. */
  nodeOf(fact: Fact): ts.Node | undefined {
    let current: ts.Node | undefined = this.get(fact.file);
    while (current) {
      if (current.pos === fact.pos && current.end === fact.end && current.kind === fact.syntaxKind)
        return current;
      // Descend into the child whose range holds the fact (children are in source order and do not overlap).
      const parent: ts.Node = current;
      current = ts.forEachChild(parent, (child) =>
        child.pos <= fact.pos && fact.end <= child.end && (child.pos !== child.end || fact.pos === fact.end)
          ? child
          : undefined,
      );
      if (current === parent) return undefined;
    }
    return undefined;
  }
}

function parseAgain(file: FileFacts): ts.SourceFile {
  const tree = parseSource(file.path, isSyntaxOnly(file) ? '' : file.text, false);
  linkParents(tree);
  return tree;
}
