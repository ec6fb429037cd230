import { ts } from 'ts-morph';
import type { FileFacts, ImportFact } from '../types.js';
import type { FactKindDefinition } from './definition.js';

/**
 * Imports, keyed by the module as written: `import … from`, `export … from`, `import x = require()`, `require()`
 * and `import()` with a literal specifier.
 */
export const imports: FactKindDefinition<ImportFact> = {
  nodes: [
    ts.SyntaxKind.ImportDeclaration,
    ts.SyntaxKind.ExportDeclaration,
    ts.SyntaxKind.ImportEqualsDeclaration,
    ts.SyntaxKind.CallExpression,
  ],
  collect(node, file, wanted, out) {
    const fact = importFact(file, node);
    if (fact && wanted.key(fact.from)) out.push(fact);
  },
  key: (fact) => fact.from,
};

function importFact(file: FileFacts, node: ts.Node): ImportFact | undefined {
  if (ts.isCallExpression(node)) return requireOrDynamicImport(file, node);
  if (ts.isImportDeclaration(node)) return importDeclarationFact(file, node);
  if (ts.isExportDeclaration(node)) {
    if (!node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) return undefined;
    const names =
      node.exportClause && ts.isNamedExports(node.exportClause)
        ? node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text)
        : ['*'];
    const from = node.moduleSpecifier.text;
    return { file, pos: node.pos, end: node.end, syntaxKind: node.kind, from, names };
  }
  const reference = (node as ts.ImportEqualsDeclaration).moduleReference;
  if (!ts.isExternalModuleReference(reference) || !ts.isStringLiteral(reference.expression)) return undefined;
  const from = reference.expression.text;
  return { file, pos: node.pos, end: node.end, syntaxKind: node.kind, from, names: ['*'] };
}

function importDeclarationFact(file: FileFacts, declaration: ts.ImportDeclaration): ImportFact {
  const from = ts.isStringLiteral(declaration.moduleSpecifier) ? declaration.moduleSpecifier.text : '';
  const names: string[] = [];
  const clause = declaration.importClause;
  if (clause?.name) names.push('default');
  const bindings = clause?.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) names.push((element.propertyName ?? element.name).text);
  }
  return { file, pos: declaration.pos, end: declaration.end, syntaxKind: declaration.kind, from, names };
}

// `require('x')`, `const { a } = require('x')`, `require('x').a`, `import('x')`.
function requireOrDynamicImport(file: FileFacts, call: ts.CallExpression): ImportFact | undefined {
  const first = call.arguments[0];
  if (call.arguments.length !== 1 || !first || !ts.isStringLiteralLike(first)) return undefined;
  const isDynamicImport = call.expression.kind === ts.SyntaxKind.ImportKeyword;
  const isRequire = ts.isIdentifier(call.expression) && call.expression.text === 'require';
  if (!isDynamicImport && !isRequire) return undefined;
  const parent = call.parent;
  let names = ['*'];
  if (ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)) {
    names = parent.name.elements.map((e) => {
      const key = e.propertyName ?? e.name;
      return ts.isIdentifier(key) || ts.isStringLiteralLike(key) ? key.text : '*';
    });
  } else if (ts.isPropertyAccessExpression(parent) && parent.expression === call) {
    names = [parent.name.text];
  }
  return { file, pos: call.pos, end: call.end, syntaxKind: call.kind, from: first.text, names };
}
