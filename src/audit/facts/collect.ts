import { ts } from 'ts-morph';
import type { CallFact, FileFacts, FunctionFact, ImportFact } from './types.js';
import { readSuppressions } from './suppressions.js';

/**
 * Gathers every fact of one parsed file in a single walk over the compiler nodes (the wrapped ts-morph nodes cost
 * several times more; see DESIGN.md "Performance principles").
 */
export function collectFacts(path: string, sourceFile: ts.SourceFile): FileFacts {
  const facts: FileFacts = {
    path,
    sourceFile,
    imports: [],
    calls: [],
    news: [],
    classes: [],
    extends: [],
    implements: [],
    functions: [],
    methods: [],
    decorators: [],
    strings: [],
    numbers: [],
    properties: [],
    objectKeys: [],
    suppressions: readSuppressions(sourceFile.text),
  };
  const text = sourceFile.text;
  // Source text of a node without leading trivia and with all whitespace removed (how `callee`/`object` compare).
  const compact = (node: ts.Node): string => {
    const raw = text.slice(node.getStart(sourceFile), node.end);
    return /\s/.test(raw) ? raw.replace(/\s+/g, '') : raw;
  };

  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.ImportDeclaration:
        facts.imports.push(importDeclarationFact(facts, node as ts.ImportDeclaration));
        break;
      case ts.SyntaxKind.ExportDeclaration: {
        const declaration = node as ts.ExportDeclaration;
        if (declaration.moduleSpecifier && ts.isStringLiteral(declaration.moduleSpecifier)) {
          const names =
            declaration.exportClause && ts.isNamedExports(declaration.exportClause)
              ? declaration.exportClause.elements.map((e) => (e.propertyName ?? e.name).text)
              : ['*'];
          facts.imports.push({ file: facts, node, from: declaration.moduleSpecifier.text, names });
        }
        break;
      }
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const reference = (node as ts.ImportEqualsDeclaration).moduleReference;
        if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) {
          facts.imports.push({ file: facts, node, from: reference.expression.text, names: ['*'] });
        }
        break;
      }
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        const fact = callFact(facts, call, call.expression, call.arguments, compact);
        facts.calls.push(fact);
        const importFact = requireOrDynamicImport(facts, call);
        if (importFact) facts.imports.push(importFact);
        break;
      }
      case ts.SyntaxKind.NewExpression: {
        const expression = node as ts.NewExpression;
        facts.news.push(callFact(facts, expression, expression.expression, expression.arguments ?? [], compact));
        break;
      }
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression: {
        const declaration = node as ts.ClassLikeDeclaration;
        let extendsText = '';
        const implementsTexts: string[] = [];
        for (const clause of declaration.heritageClauses ?? []) {
          for (const type of clause.types) {
            const heritage = compact(type.expression);
            if (clause.token === ts.SyntaxKind.ExtendsKeyword) {
              extendsText = heritage;
              facts.extends.push({ file: facts, node: type, text: heritage });
            } else {
              implementsTexts.push(heritage);
              facts.implements.push({ file: facts, node: type, text: heritage });
            }
          }
        }
        facts.classes.push({
          file: facts,
          node: declaration,
          name: declaration.name?.text ?? boundName(declaration) ?? '',
          extends: extendsText,
          implements: implementsTexts,
        });
        break;
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction: {
        const fn = node as ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;
        const own = !ts.isArrowFunction(fn) && fn.name ? fn.name.text : undefined;
        const name = own ?? boundName(fn);
        if (name !== undefined) {
          const anchor = own !== undefined ? fn : fn.parent;
          facts.functions.push({ file: facts, node: fn, anchor, name } satisfies FunctionFact);
        }
        break;
      }
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
      case ts.SyntaxKind.Constructor: {
        const method = node as ts.MethodDeclaration | ts.AccessorDeclaration | ts.ConstructorDeclaration;
        const name = ts.isConstructorDeclaration(method) ? 'constructor' : propertyNameText(method.name);
        const owner = method.parent;
        const className = ts.isClassLike(owner) ? (owner.name?.text ?? boundName(owner) ?? '') : '';
        facts.methods.push({ file: facts, node: method, name: name ?? '', className });
        if (ts.isObjectLiteralExpression(owner) && name !== undefined) {
          facts.objectKeys.push({ file: facts, node: method, name, value: method });
        }
        break;
      }
      case ts.SyntaxKind.Decorator: {
        const decorator = node as ts.Decorator;
        const target = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
        facts.decorators.push({ file: facts, node: decorator, name: lastIdentifier(target), target });
        break;
      }
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TemplateHead:
      case ts.SyntaxKind.TemplateMiddle:
      case ts.SyntaxKind.TemplateTail:
        facts.strings.push({ file: facts, node, value: (node as ts.LiteralLikeNode).text });
        break;
      case ts.SyntaxKind.NumericLiteral:
        facts.numbers.push({ file: facts, node, value: Number((node as ts.NumericLiteral).text) });
        break;
      case ts.SyntaxKind.PropertyAccessExpression: {
        const access = node as ts.PropertyAccessExpression;
        facts.properties.push({ file: facts, node, name: access.name.text, object: compact(access.expression) });
        break;
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = node as ts.ElementAccessExpression;
        if (ts.isStringLiteralLike(access.argumentExpression)) {
          facts.properties.push({
            file: facts,
            node,
            name: access.argumentExpression.text,
            object: compact(access.expression),
          });
        }
        break;
      }
      case ts.SyntaxKind.PropertyAssignment: {
        const assignment = node as ts.PropertyAssignment;
        const name = propertyNameText(assignment.name);
        if (name !== undefined && ts.isObjectLiteralExpression(assignment.parent)) {
          facts.objectKeys.push({ file: facts, node, name, value: assignment.initializer });
        }
        break;
      }
      case ts.SyntaxKind.ShorthandPropertyAssignment: {
        const assignment = node as ts.ShorthandPropertyAssignment;
        facts.objectKeys.push({ file: facts, node, name: assignment.name.text, value: assignment.name });
        break;
      }
      default:
        break;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return facts;
}

function callFact(
  file: FileFacts,
  node: ts.CallExpression | ts.NewExpression,
  callee: ts.Expression,
  args: readonly ts.Expression[],
  compact: (node: ts.Node) => string,
): CallFact {
  const calleeText = compact(callee);
  const dot = lastDotOutsideBrackets(calleeText);
  return {
    file,
    node,
    name: lastIdentifier(callee),
    callee: calleeText,
    receiver: dot < 0 ? '' : calleeText.slice(0, dot).replace(/\?$/, ''),
    args,
  };
}

// `a.b(c.d).e` → the dot before `e`; dots inside (), [] or <> belong to nested expressions.
function lastDotOutsideBrackets(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '>') depth++;
    else if (c === '(' || c === '[' || c === '<') depth--;
    else if (c === '.' && depth === 0) return i;
  }
  return -1;
}

/** The last identifier of a callee-like expression: `consume` in `this.limiter.consume`, '' when it has none. */
export function lastIdentifier(expression: ts.Expression): string {
  let current: ts.Expression = expression;
  for (;;) {
    if (ts.isIdentifier(current) || ts.isPrivateIdentifier(current)) return current.text;
    if (ts.isPropertyAccessExpression(current)) return current.name.text;
    if (ts.isElementAccessExpression(current)) {
      return ts.isStringLiteralLike(current.argumentExpression) ? current.argumentExpression.text : '';
    }
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isExpressionWithTypeArguments(current)
    ) {
      current = current.expression;
      continue;
    }
    if (current.kind === ts.SyntaxKind.SuperKeyword) return 'super';
    if (current.kind === ts.SyntaxKind.ThisKeyword) return 'this';
    return '';
  }
}

/** The name a function or class expression is bound to: `const f = () => …`, `f: () => …`, `x.f = …`. */
function boundName(node: ts.Node): string | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === node) {
    return propertyNameText(parent.name);
  }
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === node &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    const name = lastIdentifier(parent.left);
    return name === '' ? undefined : name;
  }
  if (ts.isExportAssignment(parent)) return 'default';
  return undefined;
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
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
  return { file, node: declaration, from, names };
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
  return { file, node: call, from: first.text, names };
}
