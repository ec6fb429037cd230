import { ts } from 'ts-morph';
import type { FileFacts } from '../facts/types.js';
import type { SemanticModel } from './semantic.js';

/** The root of an audited file in the type checker's program (its `SourceFile` node), if the program holds it. */
export function sourceFileNode(semantic: SemanticModel, file: FileFacts): ts.Node | undefined {
  return semantic.nodeOf({
    file,
    pos: 0,
    end: file.text.length,
    syntaxKind: ts.SyntaxKind.SourceFile,
  });
}
