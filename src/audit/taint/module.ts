import { ts } from 'ts-morph';
import type { FileFacts } from '../facts/types.js';
import { skipOuter } from '../facts/argument.js';

/** Where an imported binding comes from: the module as written (without `node:`) and the export (`*`, `default`). */
export interface ImportBinding {
  module: string;
  exportName: string;
}

/** A function a call can be resolved to: its declaration and the file it lives in. */
export interface FunctionRef {
  node: ts.SignatureDeclaration & { body?: ts.Node };
  file: TaintModule;
}

/**
 * What taint analysis needs to know about one file's top level: imports (ES and `require`), module constants (for
 * `promisify(exec)` aliases and `new Pool()` clients), functions and classes by name, and what it exports.
 */
export class TaintModule {
  readonly imports = new Map<string, ImportBinding>();
  readonly constants = new Map<string, ts.Expression>();
  readonly functions = new Map<string, ts.SignatureDeclaration & { body?: ts.Node }>();
  readonly classes = new Map<string, ts.ClassLikeDeclaration>();
  /** Export name to local name (`default` for a default export). */
  readonly exports = new Map<string, string>();
  /** Re-exports: export name to the module it comes from (`*` for `export * from`). */
  readonly reexports: { exportName: string; module: string; importName: string }[] = [];

  constructor(
    readonly facts: FileFacts,
    readonly tree: ts.SourceFile,
  ) {
    for (const statement of tree.statements) this.record(statement);
  }

  private record(statement: ts.Statement): void {
    const exported = ts.canHaveModifiers(statement)
      ? (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    const isDefault = ts.canHaveModifiers(statement)
      ? (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
      : false;
    if (ts.isImportDeclaration(statement)) {
      this.recordImport(statement);
    } else if (ts.isFunctionDeclaration(statement) && statement.body) {
      const name = statement.name?.text ?? 'default';
      this.functions.set(name, statement);
      if (exported) this.exports.set(isDefault ? 'default' : name, name);
    } else if (ts.isClassDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      this.classes.set(name, statement);
      if (exported) this.exports.set(isDefault ? 'default' : name, name);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        this.recordVariable(declaration);
        if (exported && ts.isIdentifier(declaration.name))
          this.exports.set(declaration.name.text, declaration.name.text);
      }
    } else if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
      this.exports.set('default', statement.expression.text);
    } else if (ts.isExportDeclaration(statement)) {
      const from =
        statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : undefined;
      const clause = statement.exportClause;
      if (!clause && from) this.reexports.push({ exportName: '*', module: from, importName: '*' });
      if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          const local = (element.propertyName ?? element.name).text;
          if (from) this.reexports.push({ exportName: element.name.text, module: from, importName: local });
          else this.exports.set(element.name.text, local);
        }
      }
    }
  }

  private recordImport(statement: ts.ImportDeclaration): void {
    if (!ts.isStringLiteral(statement.moduleSpecifier)) return;
    const module = statement.moduleSpecifier.text.replace(/^node:/, '');
    const clause = statement.importClause;
    if (!clause) return;
    if (clause.name) this.imports.set(clause.name.text, { module, exportName: 'default' });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings))
      this.imports.set(bindings.name.text, { module, exportName: '*' });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements)
        this.imports.set(element.name.text, {
          module,
          exportName: (element.propertyName ?? element.name).text,
        });
    }
  }

  private recordVariable(declaration: ts.VariableDeclaration): void {
    const init = declaration.initializer && skipOuter(declaration.initializer);
    if (!init) return;
    const required = requiredModule(init);
    if (required !== undefined) {
      if (ts.isIdentifier(declaration.name))
        this.imports.set(declaration.name.text, { module: required, exportName: '*' });
      else if (ts.isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const exportName =
            element.propertyName && ts.isIdentifier(element.propertyName)
              ? element.propertyName.text
              : element.name.text;
          this.imports.set(element.name.text, { module: required, exportName });
        }
      }
      return;
    }
    if (!ts.isIdentifier(declaration.name)) return;
    const name = declaration.name.text;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) this.functions.set(name, init);
    else if (ts.isClassExpression(init)) this.classes.set(name, init);
    else this.constants.set(name, init);
  }
}

/** `require('m')` (or `require('m').x` is left alone): the module name, without `node:`. */
function requiredModule(node: ts.Expression): string | undefined {
  if (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteral(node.arguments[0]!)
  )
    return node.arguments[0].text.replace(/^node:/, '');
  return undefined;
}
