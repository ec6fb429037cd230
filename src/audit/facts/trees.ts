import type { ts } from 'ts-morph';
import { isSyntaxOnly, keptTree, parseSource } from './parse.js';
import type { FileFacts } from './types.js';

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
      tree = keptTree(file) ?? parseSource(file.path, isSyntaxOnly(file) ? '' : file.text);
      this.trees.set(file, tree);
    }
    return tree;
  }
}
