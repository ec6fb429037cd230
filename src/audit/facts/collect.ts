import { ts } from 'ts-morph';
import { argumentFact } from './argument.js';
import { EVERY_FACT, type FactFilter } from './filter.js';
import { readSuppressions } from './suppressions.js';
import { compactText, nodeText } from './text.js';
import type { ArgumentFact, CallFact, CompareFact, FileFacts, ImportFact } from './types.js';

// What the walk does with each syntax kind, looked up in a table: a `switch` over `ts.SyntaxKind.X` cases reads
// enum properties for every node of the tree, which costs more than the walk itself.
const enum Handler {
  NONE = 0,
  IMPORT = 1,
  EXPORT = 2,
  IMPORT_EQUALS = 3,
  CALL = 4,
  NEW = 5,
  CLASS = 6,
  FUNCTION = 7,
  METHOD = 8,
  DECORATOR = 9,
  STRING = 10,
  NUMBER = 11,
  PROPERTY_ACCESS = 12,
  ELEMENT_ACCESS = 13,
  PROPERTY_ASSIGNMENT = 14,
  SHORTHAND = 15,
  BINARY = 16,
}
const HANDLERS = new Uint8Array(ts.SyntaxKind.Count);
for (const [kind, handler] of [
  [ts.SyntaxKind.ImportDeclaration, Handler.IMPORT],
  [ts.SyntaxKind.ExportDeclaration, Handler.EXPORT],
  [ts.SyntaxKind.ImportEqualsDeclaration, Handler.IMPORT_EQUALS],
  [ts.SyntaxKind.CallExpression, Handler.CALL],
  [ts.SyntaxKind.NewExpression, Handler.NEW],
  [ts.SyntaxKind.ClassDeclaration, Handler.CLASS],
  [ts.SyntaxKind.ClassExpression, Handler.CLASS],
  [ts.SyntaxKind.FunctionDeclaration, Handler.FUNCTION],
  [ts.SyntaxKind.FunctionExpression, Handler.FUNCTION],
  [ts.SyntaxKind.ArrowFunction, Handler.FUNCTION],
  [ts.SyntaxKind.MethodDeclaration, Handler.METHOD],
  [ts.SyntaxKind.GetAccessor, Handler.METHOD],
  [ts.SyntaxKind.SetAccessor, Handler.METHOD],
  [ts.SyntaxKind.Constructor, Handler.METHOD],
  [ts.SyntaxKind.Decorator, Handler.DECORATOR],
  [ts.SyntaxKind.StringLiteral, Handler.STRING],
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral, Handler.STRING],
  [ts.SyntaxKind.TemplateHead, Handler.STRING],
  [ts.SyntaxKind.TemplateMiddle, Handler.STRING],
  [ts.SyntaxKind.TemplateTail, Handler.STRING],
  [ts.SyntaxKind.NumericLiteral, Handler.NUMBER],
  [ts.SyntaxKind.PropertyAccessExpression, Handler.PROPERTY_ACCESS],
  [ts.SyntaxKind.ElementAccessExpression, Handler.ELEMENT_ACCESS],
  [ts.SyntaxKind.PropertyAssignment, Handler.PROPERTY_ASSIGNMENT],
  [ts.SyntaxKind.ShorthandPropertyAssignment, Handler.SHORTHAND],
  [ts.SyntaxKind.BinaryExpression, Handler.BINARY],
] as const) {
  HANDLERS[kind] = handler;
}
// The operators a `compare` matcher sees, by token kind; other binary operators are not comparisons of equality.
const EQUALITY_OPERATORS = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.EqualsEqualsEqualsToken, '==='],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, '!=='],
  [ts.SyntaxKind.EqualsEqualsToken, '=='],
  [ts.SyntaxKind.ExclamationEqualsToken, '!='],
  // `x instanceof Y`: only matched by a `compare` that asks for `operator: instanceof` (see matchers/leaf.ts).
  [ts.SyntaxKind.InstanceOfKeyword, 'instanceof'],
  // `a < b`, `<=`, `>`, `>=`: likewise only when a `compare` asks for them by operator.
  [ts.SyntaxKind.LessThanToken, '<'],
  [ts.SyntaxKind.LessThanEqualsToken, '<='],
  [ts.SyntaxKind.GreaterThanToken, '>'],
  [ts.SyntaxKind.GreaterThanEqualsToken, '>='],
]);
const forEachChild = ts.forEachChild;
const MAX_RECURSION = 1000;

/**
 * Gathers the facts of one parsed file in a single walk over the compiler nodes (the wrapped ts-morph nodes cost
 * several times more; see DESIGN.md "Performance principles"). Only facts that `filter` says some rule can ask
 * about are recorded. Facts hold positions, not nodes, so the tree can be dropped after the walk.
 */
export function collectFacts(
  path: string,
  sourceFile: ts.SourceFile,
  filter: FactFilter = EVERY_FACT,
): FileFacts {
  const facts: FileFacts = {
    path,
    text: sourceFile.text,
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
    comparisons: [],
    suppressions: readSuppressions(sourceFile.text),
  };
  const text = sourceFile.text;
  const compact = (node: ts.Node): string => compactText(text, node.pos, node.end);
  const wantsImports = filter.wantsKind('imports');
  const wantsCalls = filter.wantsKind('calls');
  const wantsNews = filter.wantsKind('news');
  const wantsClasses =
    filter.wantsKind('classes') || filter.wantsKind('extends') || filter.wantsKind('implements');
  const wantsFunctions = filter.wantsKind('functions');
  const wantsMethods = filter.wantsKind('methods');
  const wantsObjectKeys = filter.wantsKind('objectKeys');
  const wantsDecorators = filter.wantsKind('decorators');
  const wantsStrings = filter.wantsKind('strings');
  const wantsNumbers = filter.wantsKind('numbers');
  const wantsProperties = filter.wantsKind('properties');
  const wantsComparisons = filter.wantsKind('comparisons');
  const addImport = (fact: ImportFact | undefined): void => {
    if (fact && filter.wants('imports', fact.from)) facts.imports.push(fact);
  };

  const visit = (node: ts.Node): void => {
    switch (HANDLERS[node.kind]) {
      case Handler.NONE:
        break;
      case Handler.IMPORT:
        if (wantsImports) addImport(importDeclarationFact(facts, node as ts.ImportDeclaration));
        break;
      case Handler.EXPORT: {
        const declaration = node as ts.ExportDeclaration;
        if (wantsImports && declaration.moduleSpecifier && ts.isStringLiteral(declaration.moduleSpecifier)) {
          const names =
            declaration.exportClause && ts.isNamedExports(declaration.exportClause)
              ? declaration.exportClause.elements.map((e) => (e.propertyName ?? e.name).text)
              : ['*'];
          const from = declaration.moduleSpecifier.text;
          addImport({ file: facts, pos: node.pos, end: node.end, syntaxKind: node.kind, from, names });
        }
        break;
      }
      case Handler.IMPORT_EQUALS: {
        const reference = (node as ts.ImportEqualsDeclaration).moduleReference;
        if (
          wantsImports &&
          ts.isExternalModuleReference(reference) &&
          ts.isStringLiteral(reference.expression)
        ) {
          const from = reference.expression.text;
          addImport({ file: facts, pos: node.pos, end: node.end, syntaxKind: node.kind, from, names: ['*'] });
        }
        break;
      }
      case Handler.CALL: {
        const call = node as ts.CallExpression;
        if (wantsCalls && wantsCallee(filter, 'calls', call.expression, text)) {
          facts.calls.push(new CallRecord(facts, call, call.expression, call.arguments));
        }
        if (wantsImports) addImport(requireOrDynamicImport(facts, call));
        break;
      }
      case Handler.NEW: {
        const expression = node as ts.NewExpression;
        if (wantsNews && wantsCallee(filter, 'news', expression.expression, text)) {
          facts.news.push(
            new CallRecord(facts, expression, expression.expression, expression.arguments ?? []),
          );
        }
        break;
      }
      case Handler.CLASS:
        if (wantsClasses) addClass(facts, node as ts.ClassLikeDeclaration, compact, filter);
        break;
      case Handler.FUNCTION: {
        if (!wantsFunctions) break;
        const fn = node as ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;
        const own = !ts.isArrowFunction(fn) && fn.name ? fn.name.text : undefined;
        const name = own ?? boundName(fn);
        if (name !== undefined && filter.wants('functions', name)) {
          const anchor = own !== undefined ? fn : fn.parent;
          facts.functions.push({
            file: facts,
            pos: fn.pos,
            end: fn.end,
            syntaxKind: fn.kind,
            at: anchor.pos,
            name,
          });
        }
        break;
      }
      case Handler.METHOD: {
        if (!wantsMethods && !wantsObjectKeys) break;
        const method = node as ts.MethodDeclaration | ts.AccessorDeclaration | ts.ConstructorDeclaration;
        const name = ts.isConstructorDeclaration(method) ? 'constructor' : propertyNameText(method.name);
        const owner = method.parent;
        const { pos, end, kind: syntaxKind } = method;
        if (wantsMethods && filter.wants('methods', name ?? '')) {
          const className = ts.isClassLike(owner) ? (owner.name?.text ?? boundName(owner) ?? '') : '';
          facts.methods.push({ file: facts, pos, end, syntaxKind, name: name ?? '', className });
        }
        if (ts.isObjectLiteralExpression(owner) && name !== undefined && filter.wants('objectKeys', name)) {
          facts.objectKeys.push({ file: facts, pos, end, syntaxKind, name, value: argumentFact(method) });
        }
        break;
      }
      case Handler.DECORATOR: {
        if (!wantsDecorators) break;
        const decorator = node as ts.Decorator;
        const target = ts.isCallExpression(decorator.expression)
          ? decorator.expression.expression
          : decorator.expression;
        const name = lastIdentifier(target);
        if (filter.wants('decorators', name)) {
          facts.decorators.push({
            file: facts,
            pos: decorator.pos,
            end: decorator.end,
            syntaxKind: decorator.kind,
            name,
          });
        }
        break;
      }
      case Handler.STRING: {
        const value = (node as ts.LiteralLikeNode).text;
        if (wantsStrings && filter.wants('strings', value)) {
          facts.strings.push({ file: facts, pos: node.pos, end: node.end, syntaxKind: node.kind, value });
        }
        break;
      }
      case Handler.NUMBER:
        if (wantsNumbers) {
          const value = Number((node as ts.NumericLiteral).text);
          facts.numbers.push({ file: facts, pos: node.pos, end: node.end, syntaxKind: node.kind, value });
        }
        break;
      case Handler.PROPERTY_ACCESS: {
        const access = node as ts.PropertyAccessExpression;
        if (wantsProperties && wantsAccess(filter, access.name.text, access.expression, text)) {
          facts.properties.push(new PropertyRecord(facts, node, access.name.text, access.expression));
        }
        break;
      }
      case Handler.ELEMENT_ACCESS: {
        const access = node as ts.ElementAccessExpression;
        const key = access.argumentExpression;
        if (
          wantsProperties &&
          ts.isStringLiteralLike(key) &&
          wantsAccess(filter, key.text, access.expression, text)
        ) {
          facts.properties.push(new PropertyRecord(facts, node, key.text, access.expression));
        }
        break;
      }
      case Handler.PROPERTY_ASSIGNMENT: {
        if (!wantsObjectKeys) break;
        const assignment = node as ts.PropertyAssignment;
        const name = propertyNameText(assignment.name);
        if (
          name !== undefined &&
          ts.isObjectLiteralExpression(assignment.parent) &&
          filter.wants('objectKeys', name)
        ) {
          const value = argumentFact(assignment.initializer);
          facts.objectKeys.push({
            file: facts,
            pos: node.pos,
            end: node.end,
            syntaxKind: node.kind,
            name,
            value,
          });
        }
        break;
      }
      case Handler.SHORTHAND: {
        const name = (node as ts.ShorthandPropertyAssignment).name;
        if (wantsObjectKeys && filter.wants('objectKeys', name.text)) {
          const value = argumentFact(name);
          facts.objectKeys.push({
            file: facts,
            pos: node.pos,
            end: node.end,
            syntaxKind: node.kind,
            name: name.text,
            value,
          });
        }
        break;
      }
      case Handler.BINARY: {
        if (!wantsComparisons) break;
        const binary = node as ts.BinaryExpression;
        const operator = EQUALITY_OPERATORS.get(binary.operatorToken.kind);
        if (operator !== undefined && filter.wants('comparisons', operator)) {
          facts.comparisons.push(new CompareRecord(facts, binary, operator));
        }
        break;
      }
      default:
        break;
    }
    // Generated code can nest thousands deep (`'a' + 'b' + …`): past a depth, subtrees wait on a list instead of
    // deepening the call stack. Fact order does not matter (evidence is sorted), only that every node is seen.
    if (depth >= MAX_RECURSION) {
      deferred.push(node);
      return;
    }
    depth++;
    forEachChild(node, visit);
    depth--;
  };
  let depth = 0;
  const deferred: ts.Node[] = [];
  forEachChild(sourceFile, visit);
  for (let next = deferred.pop(); next; next = deferred.pop()) {
    depth = 0;
    forEachChild(next, visit);
  }
  return facts;
}

function addClass(
  facts: FileFacts,
  declaration: ts.ClassLikeDeclaration,
  compact: (node: ts.Node) => string,
  filter: FactFilter,
): void {
  let extendsText = '';
  const implementsTexts: string[] = [];
  for (const clause of declaration.heritageClauses ?? []) {
    for (const type of clause.types) {
      const heritage = compact(type.expression);
      const fact = { file: facts, pos: type.pos, end: type.end, syntaxKind: type.kind, text: heritage };
      if (clause.token === ts.SyntaxKind.ExtendsKeyword) {
        extendsText = heritage;
        if (filter.wants('extends', heritage)) facts.extends.push(fact);
      } else {
        implementsTexts.push(heritage);
        if (filter.wants('implements', heritage)) facts.implements.push(fact);
      }
    }
  }
  const name = declaration.name?.text ?? boundName(declaration) ?? '';
  if (!filter.wants('classes', name)) return;
  const { pos, end, kind: syntaxKind } = declaration;
  facts.classes.push({
    file: facts,
    pos,
    end,
    syntaxKind,
    name,
    extends: extendsText,
    implements: implementsTexts,
  });
}

// Callee and receiver texts are computed on first use: most calls are only ever looked up by name.
class CallRecord implements CallFact {
  readonly pos: number;
  readonly end: number;
  readonly syntaxKind: ts.SyntaxKind;
  readonly name: string;
  readonly args: ArgumentFact[];
  private readonly calleePos: number;
  private readonly calleeEnd: number;
  private calleeText: string | undefined;

  constructor(
    readonly file: FileFacts,
    node: ts.CallExpression | ts.NewExpression,
    callee: ts.Expression,
    args: readonly ts.Expression[],
  ) {
    this.pos = node.pos;
    this.end = node.end;
    this.syntaxKind = node.kind;
    this.name = lastIdentifier(callee);
    this.calleePos = callee.pos;
    this.calleeEnd = callee.end;
    this.args = args.length === 0 ? [] : args.map(argumentFact);
  }

  get callee(): string {
    return (this.calleeText ??= compactText(this.file.text, this.calleePos, this.calleeEnd));
  }

  get receiver(): string {
    return receiverOf(this.callee);
  }
}

class PropertyRecord {
  readonly pos: number;
  readonly end: number;
  readonly syntaxKind: ts.SyntaxKind;
  private readonly objectPos: number;
  private readonly objectEnd: number;

  constructor(
    readonly file: FileFacts,
    node: ts.Node,
    readonly name: string,
    object: ts.Expression,
  ) {
    this.pos = node.pos;
    this.end = node.end;
    this.syntaxKind = node.kind;
    this.objectPos = object.pos;
    this.objectEnd = object.end;
  }

  get object(): string {
    return compactText(this.file.text, this.objectPos, this.objectEnd);
  }
}

// Operand texts are computed on first use: a rule usually tests one operand pattern, and only for its operators.
class CompareRecord implements CompareFact {
  readonly pos: number;
  readonly end: number;
  readonly syntaxKind: ts.SyntaxKind;
  private readonly leftPos: number;
  private readonly leftEnd: number;
  private readonly rightPos: number;
  private readonly rightEnd: number;

  constructor(
    readonly file: FileFacts,
    node: ts.BinaryExpression,
    readonly operator: string,
  ) {
    this.pos = node.pos;
    this.end = node.end;
    this.syntaxKind = node.kind;
    this.leftPos = node.left.pos;
    this.leftEnd = node.left.end;
    this.rightPos = node.right.pos;
    this.rightEnd = node.right.end;
  }

  get left(): string {
    return nodeText(this.file.text, this.leftPos, this.leftEnd);
  }

  get right(): string {
    return nodeText(this.file.text, this.rightPos, this.rightEnd);
  }
}

// A call or `new` some rule may match: by the callee's last name, else by its compact text or receiver (computed
// once, and only when a keyless rule tests them).
function wantsCallee(
  filter: FactFilter,
  kind: 'calls' | 'news',
  callee: ts.Expression,
  text: string,
): boolean {
  if (filter.wantsKey(kind, lastIdentifier(callee))) return true;
  const fields = filter.textFields(kind);
  if (fields.length === 0) return false;
  const calleeText = compactText(text, callee.pos, callee.end);
  for (const field of fields) {
    if (filter.wantsText(kind, field, field === 'receiver' ? receiverOf(calleeText) : calleeText))
      return true;
  }
  return false;
}

// A property access some rule may match: by the property name, else by the accessed object's compact text.
function wantsAccess(filter: FactFilter, name: string, object: ts.Expression, text: string): boolean {
  if (filter.wantsKey('properties', name)) return true;
  return (
    filter.textFields('properties').length > 0 &&
    filter.wantsText('properties', 'object', compactText(text, object.pos, object.end))
  );
}

/** The callee text before its last `.`: `this.limiter` for `this.limiter.consume`, '' for a bare name. */
function receiverOf(callee: string): string {
  const dot = lastDotOutsideBrackets(callee);
  return dot < 0 ? '' : callee.slice(0, dot).replace(/\?$/, '');
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
  if (
    ts.isIdentifier(name) ||
    ts.isPrivateIdentifier(name) ||
    ts.isStringLiteralLike(name) ||
    ts.isNumericLiteral(name)
  ) {
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
