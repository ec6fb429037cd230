import path from 'node:path';
import { ts } from 'ts-morph';
import type { SyntaxTrees } from '../facts/trees.js';
import type { Fact, FileFacts } from '../facts/types.js';
import type { Pattern } from '../regex/pattern.js';

const RESOLVABLE_EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts'];

/** A compiled `resolves-to`: the module and export patterns a callee must resolve to. */
export interface SymbolTarget {
  module: Pattern;
  export: Pattern | undefined;
}

/** Where an imported binding comes from: the module specifier as written and the export name (`*` for a namespace). */
interface ImportOrigin {
  module: string;
  exportName: string;
}

/**
 * The type checker over the audited files, created only when a `resolves-to` or `reaches` matcher has candidates.
 * It parses the files again (the fact walk keeps no trees) and resolves only relative imports between project files:
 * packages are never loaded, so an import's specifier and name decide what a binding is (docs/rule-language.md).
 */
export class SemanticModel {
  readonly checker: ts.TypeChecker;
  private readonly bySourceFile = new Map<ts.SourceFile, FileFacts>();
  private readonly sourceFiles = new Map<FileFacts, ts.SourceFile>();
  private readonly callees = new Map<ts.Node, readonly ts.FunctionLikeDeclaration[]>();
  private readonly symbols = new Map<ts.Node, ts.Symbol | undefined>();

  constructor(
    files: readonly FileFacts[],
    private readonly trees: SyntaxTrees,
  ) {
    const byName = new Map<string, ts.SourceFile>();
    for (const file of files) {
      const sourceFile = trees.get(file);
      byName.set(sourceFile.fileName, sourceFile);
      this.bySourceFile.set(sourceFile, file);
      this.sourceFiles.set(file, sourceFile);
    }
    const options: ts.CompilerOptions = {
      allowJs: true,
      noLib: true,
      noResolve: false,
      types: [],
      target: ts.ScriptTarget.Latest,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    };
    const host: ts.CompilerHost = {
      getSourceFile: (fileName) => byName.get(fileName),
      getDefaultLibFileName: () => 'lib.d.ts',
      writeFile: () => undefined,
      getCurrentDirectory: () => '/',
      getCanonicalFileName: (fileName) => fileName,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      fileExists: (fileName) => byName.has(fileName),
      readFile: () => undefined,
      resolveModuleNameLiterals: (literals, containingFile) =>
        literals.map((literal) => ({
          resolvedModule: resolveRelative(literal.text, containingFile, byName),
        })),
    };
    const program = ts.createProgram({ rootNames: [...byName.keys()], options, host });
    this.checker = program.getTypeChecker();
  }

  /**
   * `checker.getSymbolAtLocation`, remembered per node. Packages are not loaded, so most receivers have no type and
   * the checker keeps no answer for a property it could not resolve: asking again re-checks the whole expression.
   */
  symbolAt(node: ts.Node): ts.Symbol | undefined {
    if (this.symbols.has(node)) return this.symbols.get(node);
    const symbol = this.checker.getSymbolAtLocation(node);
    this.symbols.set(node, symbol);
    return symbol;
  }

  /** The trees of every audited file the checker holds. */
  projectTrees(): Iterable<ts.SourceFile> {
    return this.sourceFiles.values();
  }

  /** The audited file a node belongs to, when it is one. */
  fileOf(node: ts.Node): FileFacts | undefined {
    return this.bySourceFile.get(node.getSourceFile());
  }

  /** The syntax node a fact was recorded from (the checker's trees are the audit's shared ones). */
  nodeOf(fact: Fact): ts.Node | undefined {
    return this.trees.nodeOf(fact);
  }

  /** True when the callee (or decorator) of the fact is, after following aliases, the target module's export. */
  resolvesTo(fact: Fact, target: SymbolTarget): boolean {
    const node = this.nodeOf(fact);
    const expression = node ? calleeOf(node) : undefined;
    if (!expression) return false;
    const origin = this.importOrigin(expression);
    if (!origin) return false;
    const moduleMatches =
      target.module.test(origin.module) ||
      (origin.module.startsWith('node:') && target.module.test(origin.module.slice('node:'.length)));
    return moduleMatches && (!target.export || target.export.test(origin.exportName));
  }

  /** Follows a callee expression back to the import that introduced it, through aliases and project re-exports. */
  importOrigin(expression: ts.Expression): ImportOrigin | undefined {
    // `ns.fn` where `ns` is a namespace import or `require()` of a module: the export is the property name.
    if (ts.isPropertyAccessExpression(expression)) {
      const holder = this.importOrigin(expression.expression);
      if (holder && holder.exportName === '*')
        return { module: holder.module, exportName: expression.name.text };
    }
    const target = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
    let symbol = this.symbolAt(target);
    for (let hops = 0; symbol && hops < 32; hops++) {
      const declaration = symbol.declarations?.[0];
      if (!declaration) return undefined;
      const origin = originOfDeclaration(declaration);
      if (origin && !isRelative(origin.module)) return origin;
      if (symbol.flags & ts.SymbolFlags.Alias) {
        // A project-internal import or (re-)export: continue at the next alias in the chain.
        symbol = this.checker.getImmediateAliasedSymbol(symbol);
        continue;
      }
      // `const f = imported` or `const f = ns.fn`: follow the initializer.
      if (
        ts.isVariableDeclaration(declaration) &&
        declaration.initializer &&
        ts.isIdentifier(declaration.name)
      ) {
        const initializer = declaration.initializer;
        if (ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer)) {
          return this.importOrigin(initializer);
        }
      }
      return undefined;
    }
    return undefined;
  }

  /** The function-like declarations in the audited files that a call or `new` may run. */
  calleeDeclarations(call: ts.CallExpression | ts.NewExpression): readonly ts.FunctionLikeDeclaration[] {
    // Remembered per call: reaches, invokes and guard ask about the same calls many times over, and each answer
    // costs the checker a symbol lookup (and often the type of the receiver).
    let known = this.callees.get(call);
    if (!known) {
      known = this.resolveCallees(call);
      this.callees.set(call, known);
    }
    return known;
  }

  private resolveCallees(call: ts.CallExpression | ts.NewExpression): ts.FunctionLikeDeclaration[] {
    let symbol = this.symbolAt(
      ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression,
    );
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const out: ts.FunctionLikeDeclaration[] = [];
    for (const declaration of symbol?.declarations ?? []) {
      if (!this.fileOf(declaration)) continue;
      const fn = functionOfDeclaration(declaration, ts.isNewExpression(call));
      out.push(...fn);
    }
    return out;
  }
}

function calleeOf(node: ts.Node): ts.Expression | undefined {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return node.expression;
  if (ts.isDecorator(node))
    return ts.isCallExpression(node.expression) ? node.expression.expression : node.expression;
  return undefined;
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}

// Import specifiers, namespace imports, default imports, `import x = require()`, re-export specifiers, and
// `const { a } = require('m')` / `const m = require('m')`.
function originOfDeclaration(declaration: ts.Declaration): ImportOrigin | undefined {
  if (ts.isImportSpecifier(declaration)) {
    const module = declaration.parent.parent.parent.moduleSpecifier;
    return specifier(module, (declaration.propertyName ?? declaration.name).text);
  }
  if (ts.isNamespaceImport(declaration)) return specifier(declaration.parent.parent.moduleSpecifier, '*');
  if (ts.isImportClause(declaration)) return specifier(declaration.parent.moduleSpecifier, 'default');
  if (ts.isExportSpecifier(declaration)) {
    const module = declaration.parent.parent.moduleSpecifier;
    return module ? specifier(module, (declaration.propertyName ?? declaration.name).text) : undefined;
  }
  if (
    ts.isImportEqualsDeclaration(declaration) &&
    ts.isExternalModuleReference(declaration.moduleReference)
  ) {
    return specifier(declaration.moduleReference.expression, '*');
  }
  if (ts.isBindingElement(declaration)) {
    const variable = declaration.parent.parent;
    const module = ts.isVariableDeclaration(variable) ? requiredModule(variable.initializer) : undefined;
    const key = declaration.propertyName ?? declaration.name;
    return module && ts.isIdentifier(key) ? specifier(module, key.text) : undefined;
  }
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
    const module = requiredModule(declaration.initializer);
    return module ? specifier(module, '*') : undefined;
  }
  return undefined;
}

function requiredModule(initializer: ts.Expression | undefined): ts.Expression | undefined {
  let node = initializer;
  if (node && ts.isAwaitExpression(node)) node = node.expression;
  if (!node || !ts.isCallExpression(node)) return undefined;
  const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
  const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
  return isRequire || isImport ? node.arguments[0] : undefined;
}

function specifier(module: ts.Expression | undefined, exportName: string): ImportOrigin | undefined {
  return module && ts.isStringLiteralLike(module) ? { module: module.text, exportName } : undefined;
}

// The function bodies a declaration stands for: a function, a method, a variable or property bound to a function,
// or (for `new`) a class's constructor.
function functionOfDeclaration(
  declaration: ts.Declaration,
  construct: boolean,
): ts.FunctionLikeDeclaration[] {
  if (
    ts.isFunctionDeclaration(declaration) ||
    ts.isMethodDeclaration(declaration) ||
    ts.isConstructorDeclaration(declaration) ||
    ts.isGetAccessorDeclaration(declaration) ||
    ts.isSetAccessorDeclaration(declaration) ||
    ts.isFunctionExpression(declaration) ||
    ts.isArrowFunction(declaration)
  ) {
    return declaration.body ? [declaration] : [];
  }
  if (
    (ts.isVariableDeclaration(declaration) ||
      ts.isPropertyDeclaration(declaration) ||
      ts.isPropertyAssignment(declaration)) &&
    declaration.initializer &&
    (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
  ) {
    return [declaration.initializer];
  }
  if (construct && ts.isClassLike(declaration)) {
    return declaration.members.filter(
      (m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined,
    );
  }
  return [];
}

function resolveRelative(
  specifierText: string,
  containingFile: string,
  files: ReadonlyMap<string, ts.SourceFile>,
): ts.ResolvedModuleFull | undefined {
  if (!isRelative(specifierText)) return undefined;
  const base = path.posix.join(path.posix.dirname(containingFile), specifierText);
  // `./x.js` in TypeScript sources names `./x.ts`: try the written name, then the name without its JS extension.
  const stems = [base, base.replace(/\.(m|c)?jsx?$/, '')];
  for (const stem of stems) {
    const candidates = [
      ...RESOLVABLE_EXTENSIONS.map((e) => stem + e),
      ...RESOLVABLE_EXTENSIONS.slice(1).map((e) => `${stem}/index${e}`),
    ];
    const found = candidates.find((candidate) => files.has(candidate));
    if (found)
      return { resolvedFileName: found, extension: extensionOf(found), isExternalLibraryImport: false };
  }
  return undefined;
}

function extensionOf(fileName: string): ts.Extension {
  for (const extension of [
    ts.Extension.Dts,
    ts.Extension.Tsx,
    ts.Extension.Ts,
    ts.Extension.Mts,
    ts.Extension.Cts,
  ]) {
    if (fileName.endsWith(extension)) return extension;
  }
  for (const extension of [ts.Extension.Jsx, ts.Extension.Js, ts.Extension.Mjs, ts.Extension.Cjs]) {
    if (fileName.endsWith(extension)) return extension;
  }
  return ts.Extension.Ts;
}
