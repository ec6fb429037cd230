import { ts } from 'ts-morph';
import { skipOuter } from '../facts/argument.js';
import { boundName, propertyNameText } from '../facts/names.js';
import type { SemanticModel } from './semantic.js';

/**
 * The names under which the project's calls are written, and how names pass a function on, read from the syntax of
 * every audited file once. `invokes` and `reaches` ask the type checker what each call runs, and that costs a symbol
 * lookup (often the type of the receiver) per call; a call can only run a function that reaches a target when its
 * callee name is one that function goes by, so `reachingNames` narrows the calls worth asking about first.
 *
 * A function goes by: its declared name (a constructor by its class's), the variable, field, property, parameter or
 * assignment target it is the value of, and every name bound to a value that mentions one of those names the way
 * `invokes` follows values (`const f = g`, `this.clock = options.clock ?? systemClock`, `import { g as f }`). Names
 * that bind a project module's default export or the module itself (`import f from './m.js'`, `require('./m')`)
 * could run anything it exports: those are always worth asking about. A call without a name (`handlers[kind]()`,
 * `make()()`, `super()`) runs no project function as `invokes` and `reaches` follow calls: the checker gives no
 * symbol for its callee, and `super` names the base class, not its constructor.
 *
 * The same walk keeps each file's calls and classes in source order (`callsIn`, `classesIn`), for the passes that
 * would otherwise walk every tree again to find them.
 */
export class CallableNames {
  private readonly callsByName = new Map<string, ts.Node[]>();
  /** Every call and `new` of each file, in source order (outer before inner). */
  private readonly callsByFile = new Map<ts.Node, (ts.CallExpression | ts.NewExpression)[]>();
  /** Every class of each file, in source order: read in the same walk, for `invokes` (interface implementations). */
  private readonly classesByFile = new Map<ts.Node, ts.ClassLikeDeclaration[]>();
  private readonly boundTo = new Map<string, Set<string>>();
  /** Names every reaching set holds: bindings of a whole project module or of its default export. */
  private readonly always = new Set<string>();
  /**
   * Names a call may run a function by without the checker resolving the call to it, which `invokes` follows at no
   * cost in depth (InvokeGraph in flows.ts): interface methods, and the fields, variables and parameters a function
   * value is bound to.
   */
  private readonly indirect = new Set<string>();

  constructor(roots: Iterable<ts.SourceFile>) {
    for (const root of roots) this.index(root);
  }

  /**
   * Every name under which a call may run a function that reaches one of `targets` (in its own body, callbacks
   * included, or through the calls it makes): the names of the functions enclosing a target, then, until nothing is
   * added, the names bound to them and the names of the functions enclosing a call by one of them.
   *
   * With `directHops`, only through that many calls the checker resolves directly (`invokes` follows a few calls
   * deep): a function that reaches a target through more is not named, unless the calls beyond are by a name the
   * checker may not resolve directly (an interface method, a field, a variable or a parameter), which `invokes`
   * follows at no cost in depth.
   */
  reachingNames(targets: Iterable<ts.Node>, directHops?: number): Set<string> {
    const seeds: string[] = [...this.always];
    for (const target of targets) {
      // A target may be the function itself, or a variable whose value it is (see InvokeWalk in flows.ts).
      if (ts.isVariableDeclaration(target) && target.initializer && isFunctionWithBody(target.initializer))
        seeds.push(...namesOf(target.initializer));
      for (const fn of enclosingFunctions(target)) seeds.push(...namesOf(fn));
    }
    if (directHops === undefined) return this.closure(seeds, () => true);
    // Level 0 names the functions that hold a target themselves; level k adds those whose calls reach level k - 1
    // directly, or level k through a name the checker may not resolve directly.
    let level = this.closure(seeds, () => false);
    for (let hop = 1; hop <= directHops; hop++) {
      const below = level;
      level = this.closure(below, (name) => below.has(name) || this.indirect.has(name));
    }
    return level;
  }

  // The names reached from `seeds` through bindings, and through the calls by a name `followCalls` accepts (to the
  // names of the functions enclosing them).
  private closure(seeds: Iterable<string>, followCalls: (name: string) => boolean): Set<string> {
    const names = new Set<string>();
    const pending: string[] = [];
    const add = (name: string): void => {
      if (names.has(name)) return;
      names.add(name);
      pending.push(name);
    };
    for (const name of seeds) add(name);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      for (const bound of this.boundTo.get(name) ?? []) add(bound);
      if (!followCalls(name)) continue;
      for (const call of this.callsByName.get(name) ?? [])
        for (const fn of enclosingFunctions(call)) for (const enclosing of namesOf(fn)) add(enclosing);
    }
    return names;
  }

  /** The calls and `new`s of a file the names were read from, in source order (outer before inner). */
  callsIn(root: ts.Node): readonly (ts.CallExpression | ts.NewExpression)[] {
    return this.callsByFile.get(root) ?? [];
  }

  /** The classes of a file the names were read from, in source order (outer before inner). */
  classesIn(root: ts.Node): readonly ts.ClassLikeDeclaration[] {
    return this.classesByFile.get(root) ?? [];
  }

  private index(root: ts.SourceFile): void {
    const calls: (ts.CallExpression | ts.NewExpression)[] = [];
    const classes: ts.ClassLikeDeclaration[] = [];
    this.callsByFile.set(root, calls);
    this.classesByFile.set(root, classes);
    const visit = (node: ts.Node): void => {
      if (INDEXED_KINDS[node.kind] !== 1) {
        ts.forEachChild(node, visit);
        return;
      }
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        calls.push(node);
        this.indexCall(node);
      } else {
        if (ts.isClassLike(node)) classes.push(node);
        this.indexBinding(node);
        this.indexIndirect(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(root);
  }

  // Interface methods (InvokeGraph follows a call of one to the same-named methods of the implementing classes) and
  // the names function expressions are bound to; `bind` adds the names other values are bound to.
  private indexIndirect(node: ts.Node): void {
    if (ts.isMethodSignature(node) && ts.isInterfaceDeclaration(node.parent) && ts.isIdentifier(node.name))
      this.indirect.add(node.name.text);
    else if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && !isDirectValue(node))
      for (const name of boundNames(node)) this.indirect.add(name);
  }

  private indexCall(call: ts.CallExpression | ts.NewExpression): void {
    const name = calleeName(call);
    if (name === undefined) return;
    const list = this.callsByName.get(name);
    if (list) list.push(call);
    else this.callsByName.set(name, [call]);
  }

  private indexBinding(node: ts.Node): void {
    if (
      (ts.isVariableDeclaration(node) ||
        ts.isPropertyDeclaration(node) ||
        ts.isPropertyAssignment(node) ||
        ts.isParameter(node)) &&
      node.initializer
    ) {
      const target = declaredName(node.name);
      if (target === undefined) return;
      if (ts.isVariableDeclaration(node) && isProjectRequire(node.initializer)) this.always.add(target);
      for (const source of valueNames(node.initializer)) this.bind(source, target);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = node.left;
      const target = ts.isIdentifier(left)
        ? left.text
        : ts.isPropertyAccessExpression(left)
          ? left.name.text
          : undefined;
      if (target !== undefined) for (const source of valueNames(node.right)) this.bind(source, target);
    } else if (ts.isImportSpecifier(node) || ts.isExportSpecifier(node)) {
      if (node.propertyName) this.bind(node.propertyName.text, node.name.text);
    } else if (ts.isImportClause(node) && node.name) {
      // Packages are never loaded (semantic.ts), so only a project module's default export can be run.
      if (isRelativeSpecifier(node.parent.moduleSpecifier)) this.always.add(node.name.text);
    } else if (ts.isImportEqualsDeclaration(node)) {
      const reference = node.moduleReference;
      if (ts.isExternalModuleReference(reference) && isRelativeSpecifier(reference.expression))
        this.always.add(node.name.text);
    } else if (ts.isBindingElement(node) && node.propertyName) {
      const source = declaredName(node.propertyName);
      const target = declaredName(node.name);
      if (source !== undefined && target !== undefined) this.bind(source, target);
    }
  }

  private bind(source: string, target: string): void {
    this.indirect.add(target);
    const set = this.boundTo.get(source);
    if (set) set.add(target);
    else this.boundTo.set(source, new Set([target]));
  }
}

// The syntax kinds `index` reads something from; every other node is only walked through (most of a tree: a lookup
// by kind costs less than the dozen kind tests `indexBinding` and `indexIndirect` make, on code that runs once).
const INDEXED_KINDS = new Uint8Array(ts.SyntaxKind.Count);
for (const kind of [
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.NewExpression,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ClassExpression,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.ImportSpecifier,
  ts.SyntaxKind.ExportSpecifier,
  ts.SyntaxKind.ImportClause,
  ts.SyntaxKind.ImportEqualsDeclaration,
  ts.SyntaxKind.BindingElement,
  ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.FunctionExpression,
])
  INDEXED_KINDS[kind] = 1;

const byModel = new WeakMap<SemanticModel, CallableNames>();

/** The callable names of every audited file (a call may run a function declared outside the scope), once per audit. */
export function callableNames(semantic: SemanticModel): CallableNames {
  let names = byModel.get(semantic);
  if (!names) byModel.set(semantic, (names = new CallableNames(semantic.projectTrees())));
  return names;
}

/** The name a call is written with (`f()`, `x.f()`, `new C()`), as the checker is asked about it; else undefined. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

type FunctionWithBody = ts.FunctionLikeDeclaration & { body: ts.Node };

function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node)) &&
    node.body !== undefined
  );
}

// A function the checker resolves a call of its binding to (`const f = () => …`, `f = () => …` as a field or an
// object's property): see `calleeDeclarations` in semantic.ts.
function isDirectValue(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const parent = fn.parent;
  return (
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertyAssignment(parent)) &&
    parent.initializer === fn
  );
}

// The node itself when it is a function, and every function around it.
function enclosingFunctions(node: ts.Node): FunctionWithBody[] {
  const out: FunctionWithBody[] = [];
  for (let current: ts.Node | undefined = node; current; current = current.parent)
    if (isFunctionWithBody(current)) out.push(current);
  return out;
}

// The names a function goes by: declared, or of what it is the value of (through the wrappers `invokes` looks
// through: parentheses, `as`, `!`, `await`, `??`, `||` and `?:`).
function namesOf(fn: FunctionWithBody): string[] {
  if (ts.isConstructorDeclaration(fn)) {
    const owner = fn.parent;
    const declared = owner.name?.text;
    return declared !== undefined ? [declared] : boundNames(owner);
  }
  if (ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) return boundNames(fn);
  const declared = fn.name ? declaredName(fn.name) : undefined;
  return declared !== undefined ? [declared] : [];
}

function boundNames(value: ts.Node): string[] {
  let child = value;
  while (child.parent && passesValueOn(child.parent, child)) child = child.parent;
  const parent = child.parent;
  // A parameter's default (`cb = () => …`) is what `cb()` runs; `boundName` knows the other bindings.
  const name =
    parent && ts.isParameter(parent) && parent.initializer === child
      ? declaredName(parent.name)
      : boundName(child);
  return name !== undefined ? [name] : [];
}

// Syntax a value passes through unchanged as `invokes` follows it: the wrappers `skipOuter` looks through, either
// side of `??` and `||`, either branch of `?:`.
function passesValueOn(parent: ts.Node, child: ts.Node): boolean {
  if (ts.isConditionalExpression(parent)) return parent.condition !== child;
  if (ts.isBinaryExpression(parent)) return isFallback(parent);
  return ts.isExpression(parent) && skipOuter(parent) !== parent;
}

function isFallback(expression: ts.BinaryExpression): boolean {
  const operator = expression.operatorToken.kind;
  return operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken;
}

// The names a value mentions where `invokes` follows it to a function: `g`, `x.g`, `a ?? b`, `a || b`, `c ? a : b`.
function valueNames(expression: ts.Expression, out: string[] = []): string[] {
  const node = skipOuter(expression);
  if (ts.isIdentifier(node)) out.push(node.text);
  else if (ts.isPropertyAccessExpression(node)) out.push(node.name.text);
  else if (ts.isBinaryExpression(node) && isFallback(node)) {
    valueNames(node.left, out);
    valueNames(node.right, out);
  } else if (ts.isConditionalExpression(node)) {
    valueNames(node.whenTrue, out);
    valueNames(node.whenFalse, out);
  }
  return out;
}

// `require('./m')`: a project module, as the checker resolves it (relative specifiers only).
function isProjectRequire(expression: ts.Expression): boolean {
  const node = skipOuter(expression);
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments[0] !== undefined &&
    isRelativeSpecifier(node.arguments[0])
  );
}

function isRelativeSpecifier(specifier: ts.Node): boolean {
  return ts.isStringLiteralLike(specifier) && /^\.\.?(\/|$)/.test(specifier.text);
}

// A declaration's static name; undefined for a destructuring pattern or a computed name.
function declaredName(name: ts.PropertyName | ts.BindingName): string | undefined {
  return ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)
    ? undefined
    : propertyNameText(name);
}
