import { ts } from 'ts-morph';
import { compilePattern, type Pattern } from '../regex/pattern.js';
import type { SemanticModel } from './semantic.js';
import type { EvaluationContext, Match, Matcher, Scope } from './types.js';
import type { Fact } from '../facts/types.js';
import { argumentFact, skipOuter } from '../facts/argument.js';
import type { ArgumentConstraint } from './arguments.js';
import { sourceFileNode } from './syntax.js';
import { calleeName, callableNames } from './callable-names.js';

/** `uses-library: { match, module, export, through, awaited }` as written in a rule file. */
export interface UsesLibrarySpec {
  module: string | string[];
  export?: string | string[];
  through?: 'receiver' | 'argument';
  awaited?: boolean;
}

/**
 * `uses-library`: the call or `new` matches of `match` whose receiver (`limiter` in `limiter.consume(key)`), or one of
 * whose arguments (`app.use(limiter)`), holds a value made by an export of `module`: the imported binding itself, a
 * call or `new` of it, a method result of such a value, or a variable or class field initialised, assigned or typed
 * with one (followed through the project's declarations). With `awaited`, the call's result is also awaited or
 * chained (`await x`, `x.then(…)`, `x.catch(…)`), so that a rejection stops the caller. Reports the matches of `match`.
 */
export function usesLibrary(match: Matcher, spec: UsesLibrarySpec): Matcher {
  const module = compilePattern(spec.module);
  const exportName = spec.export === undefined ? undefined : compilePattern(spec.export);
  const through = spec.through ?? 'receiver';
  return {
    key: `{"uses-library":{"match":${match.key},"spec":${JSON.stringify(spec)}}}`,
    semantic: true,
    // The imports of the module too: a value the library made needs an import (or require) of it somewhere.
    interests: [...match.interests, { kind: 'imports', key: module }],
    evaluate(context: EvaluationContext, scope: Scope): Match[] {
      if (context.index.factsMatching('imports', module).length === 0) return [];
      const candidates = match.evaluate(context, scope).filter((m) => m.fact);
      if (candidates.length === 0) return [];
      const semantic = context.semantic();
      const values = new LibraryValues(semantic, module, exportName);
      return candidates.filter((m) => {
        const node = semantic.nodeOf(m.fact!);
        if (!node || !(ts.isCallExpression(node) || ts.isNewExpression(node))) return false;
        if (spec.awaited && !isAwaited(node)) return false;
        if (through === 'receiver') {
          return ts.isPropertyAccessExpression(node.expression) && values.from(node.expression.expression);
        }
        return (node.arguments ?? []).some((argument) => values.from(argument));
      });
    },
  };
}

function isAwaited(node: ts.Node): boolean {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent))
  ) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (ts.isAwaitExpression(parent)) return true;
  return (
    ts.isPropertyAccessExpression(parent) &&
    parent.expression === child &&
    /^(then|catch|finally)$/.test(parent.name.text) &&
    ts.isCallExpression(parent.parent)
  );
}

/** Whether an expression's value comes from a library's export, following the project's declarations. */
class LibraryValues {
  private readonly memo = new Map<ts.Node, boolean>();

  constructor(
    private readonly semantic: SemanticModel,
    private readonly module: Pattern,
    private readonly exportName: Pattern | undefined,
  ) {}

  from(expression: ts.Expression, depth = 0): boolean {
    const node = skipOuter(expression);
    const known = this.memo.get(node);
    if (known !== undefined) return known;
    this.memo.set(node, false); // cycles end here
    const result = depth <= 8 && this.compute(node, depth);
    this.memo.set(node, result);
    return result;
  }

  private isTarget(expression: ts.Expression): boolean {
    const origin = this.semantic.importOrigin(expression);
    if (!origin) return false;
    const moduleMatches =
      this.module.test(origin.module) ||
      (origin.module.startsWith('node:') && this.module.test(origin.module.slice('node:'.length)));
    return moduleMatches && (!this.exportName || this.exportName.test(origin.exportName));
  }

  private compute(node: ts.Expression, depth: number): boolean {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = skipOuter(node.expression);
      if (this.isTarget(callee)) return true;
      // A method result of a library value (`Ratelimit.slidingWindow(…)`, `group.key(id)`).
      if (ts.isPropertyAccessExpression(callee) && this.from(callee.expression, depth + 1)) return true;
      // A project function that returns one (`await getLimiter()`): its declared return type or returned values.
      return this.semantic.calleeDeclarations(node).some((fn) => this.returnsFrom(fn, depth));
    }
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
      if (this.isTarget(node)) return true;
      const name = ts.isIdentifier(node) ? node : node.name;
      const symbol = this.semantic.symbolAt(name);
      for (const declaration of symbol?.declarations ?? []) {
        if (!this.semantic.fileOf(declaration)) continue;
        if (this.declarationFrom(declaration, depth)) return true;
      }
      return false;
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken)
        return this.from(node.left, depth + 1) || this.from(node.right, depth + 1);
    }
    if (ts.isConditionalExpression(node))
      return this.from(node.whenTrue, depth + 1) || this.from(node.whenFalse, depth + 1);
    return false;
  }

  private declarationFrom(declaration: ts.Declaration, depth: number): boolean {
    if (
      ts.isVariableDeclaration(declaration) ||
      ts.isPropertyDeclaration(declaration) ||
      ts.isParameter(declaration) ||
      ts.isPropertyAssignment(declaration)
    ) {
      if (declaration.initializer && this.from(declaration.initializer, depth + 1)) return true;
      const type = 'type' in declaration ? declaration.type : undefined;
      if (type && this.typeFrom(type)) return true;
      if (!ts.isPropertyAssignment(declaration) && ts.isIdentifier(declaration.name))
        return this.assignmentsFrom(declaration, declaration.name.text, depth);
    }
    return false;
  }

  private returnsFrom(fn: ts.FunctionLikeDeclaration, depth: number): boolean {
    if (fn.type && this.typeFrom(fn.type)) return true;
    if (!fn.body) return false;
    if (!ts.isBlock(fn.body)) return this.from(fn.body, depth + 1);
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found || (n !== fn.body && ts.isFunctionLike(n))) return;
      if (ts.isReturnStatement(n) && n.expression && this.from(n.expression, depth + 1)) found = true;
      else ts.forEachChild(n, visit);
    };
    visit(fn.body);
    return found;
  }

  // `let limiter: Ratelimit | null`, `private limiter?: RateLimiterRedis`: a type named by an import of the module.
  private typeFrom(type: ts.TypeNode): boolean {
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (ts.isTypeReferenceNode(n)) {
        const name = ts.isIdentifier(n.typeName) ? n.typeName : n.typeName.right;
        const holder = ts.isIdentifier(n.typeName) ? n.typeName : n.typeName.left;
        if (
          this.isTarget(name as ts.Expression) ||
          (holder !== name && this.isTarget(holder as ts.Expression))
        )
          found = true;
      }
      if (!found) ts.forEachChild(n, visit);
    };
    visit(type);
    return found;
  }

  // `limiter = new RateLimiterMemory(…)` / `this.limiter = …` anywhere in the declaring file.
  private assignmentsFrom(declaration: ts.Declaration, name: string, depth: number): boolean {
    return someAssignedValue(this.semantic, declaration, name, (value) => this.from(value, depth + 1));
  }
}

/**
 * `invokes: { reaching: [m, …] }`: the calls (and `new`s) of the project whose callee, a function or method declared
 * in the project, reaches a match of every listed matcher: in its own body (callbacks written inside included) or in
 * the project functions it calls, a few calls deep. Calls are followed through the type checker, from an interface
 * method to the same-named methods of the classes implementing it, and from a call of a function-valued field or
 * variable (`this.clock()`) to the functions assigned to it. Reports the calls.
 */
export function invokes(
  reaching: readonly Matcher[],
  args: readonly ArgumentConstraint[] = [],
  argsKey = '[]',
): Matcher {
  return {
    key: `{"invokes":{"reaching":[${reaching.map((m) => m.key).join(',')}],"args":${argsKey}}}`,
    semantic: true,
    interests: reaching.flatMap((m) => m.interests),
    evaluate(context: EvaluationContext, scope: Scope): Match[] {
      const cacheKey = `${this.key}@${scope.key}`;
      const cached = context.cache.get(cacheKey);
      if (cached) return cached;
      const targets: Set<ts.Node>[] = [];
      let semantic: SemanticModel | undefined;
      for (const matcher of reaching) {
        const matches = matcher.evaluate(context, scope).filter((m) => m.fact);
        if (matches.length === 0) {
          context.cache.set(cacheKey, []);
          return [];
        }
        semantic ??= context.semantic();
        const nodes = new Set<ts.Node>();
        for (const m of matches) {
          const node = semantic.nodeOf(m.fact!);
          if (node) nodes.add(node);
        }
        targets.push(nodes);
      }
      if (!semantic) return [];
      // Only a call by a name some function reaching the targets goes by can reach them (callable-names.ts): the
      // checker is asked about those calls alone. A call reaching every target set needs a name from each.
      const names = callableNames(semantic);
      const reachingByName = targets.map((set) => names.reachingNames(set, MAX_DEPTH - 1));
      const reachesAll = (call: ts.CallExpression | ts.NewExpression): boolean => {
        const name = calleeName(call);
        return name === undefined || reachingByName.every((set) => set.has(name));
      };
      const reachesAny = (call: ts.CallExpression | ts.NewExpression): boolean => {
        const name = calleeName(call);
        return name === undefined || reachingByName.some((set) => set.has(name));
      };
      const walk = new InvokeWalk(semantic, invokeGraph(semantic, scope), targets, reachesAny);
      const out: Match[] = [];
      for (const file of scope.files) {
        const root = sourceFileNode(semantic, file);
        if (!root) continue;
        for (const call of names.callsIn(root)) {
          if (
            (args.length === 0 || argumentsHold(call, args, file.text)) &&
            reachesAll(call) &&
            walk.callReachesAll(call)
          ) {
            const fact: Fact = { file, pos: call.pos, end: call.end, syntaxKind: call.kind };
            out.push({ file, fact });
          }
        }
      }
      context.cache.set(cacheKey, out);
      return out;
    },
  };
}

function argumentsHold(
  call: ts.CallExpression | ts.NewExpression,
  args: readonly ArgumentConstraint[],
  text: string,
): boolean {
  const facts = (call.arguments ?? []).map((a) => argumentFact(a));
  return args.every((holds) => holds(facts, text));
}

// What the calls of a scope run, shared by every invokes matcher over that scope: the answers depend on the checker
// and the scope's files only, not on the targets. (Which functions reach the targets stays with each evaluation: a
// memoised answer from inside a cycle depends on the order of the questions.)
const graphs = new WeakMap<SemanticModel, Map<string, InvokeGraph>>();

function invokeGraph(semantic: SemanticModel, scope: Scope): InvokeGraph {
  let byScope = graphs.get(semantic);
  if (!byScope) graphs.set(semantic, (byScope = new Map()));
  let graph = byScope.get(scope.key);
  if (!graph) byScope.set(scope.key, (graph = new InvokeGraph(semantic, scope)));
  return graph;
}

// The callee and the project functions it calls directly: a limiter is a small unit. Hops from an interface method to
// its implementations and from a function-valued field to its functions cost no depth.
const MAX_DEPTH = 2;

class InvokeWalk {
  private readonly full: number;
  private readonly memo = new Map<number, number>();
  private readonly ids = new Map<ts.Node, number>();

  constructor(
    private readonly semantic: SemanticModel,
    private readonly graph: InvokeGraph,
    private readonly targets: readonly Set<ts.Node>[],
    /** False for a call that cannot run a function reaching any target (judged by its name, before the checker). */
    private readonly mayReach: (call: ts.CallExpression | ts.NewExpression) => boolean,
  ) {
    this.full = (1 << targets.length) - 1;
  }

  callReachesAll(call: ts.CallExpression | ts.NewExpression): boolean {
    const callees = this.graph.callees(call);
    if (callees.length === 0) return false;
    let mask = 0;
    for (const callee of callees) mask |= this.reach(callee, 1);
    return mask === this.full;
  }

  // Which target sets a function reaches (bit i for targets[i]), memoised; depth bounds the calls followed.
  private reach(fn: ts.FunctionLikeDeclaration, depth: number): number {
    let id = this.ids.get(fn);
    if (id === undefined) this.ids.set(fn, (id = this.ids.size));
    const memoKey = id * (MAX_DEPTH + 1) + depth;
    const known = this.memo.get(memoKey);
    if (known !== undefined) return known;
    this.memo.set(memoKey, 0);
    let mask = 0;
    const calls: (ts.CallExpression | ts.NewExpression)[] = [];
    const visit = (n: ts.Node): void => {
      this.targets.forEach((set, i) => {
        if (set.has(n)) mask |= 1 << i;
      });
      if (ts.isCallExpression(n) || ts.isNewExpression(n)) calls.push(n);
      ts.forEachChild(n, visit);
    };
    // The function itself may be the match (`containing` over functions), or hold it in its body.
    this.targets.forEach((set, i) => {
      if (set.has(fn) || (fn.parent && ts.isVariableDeclaration(fn.parent) && set.has(fn.parent)))
        mask |= 1 << i;
    });
    if (fn.body) visit(fn.body);
    if (mask !== this.full && depth < MAX_DEPTH) {
      for (const call of calls) {
        if (!this.mayReach(call)) continue;
        const direct = this.semantic.calleeDeclarations(call).length > 0;
        for (const callee of this.graph.callees(call))
          if (callee !== fn) mask |= this.reach(callee, direct ? depth + 1 : depth);
        if (mask === this.full) break;
      }
    }
    // A memoised partial answer from a cycle is only ever smaller; depth-limited answers are kept as found.
    this.memo.set(memoKey, mask);
    return mask;
  }
}

/** The project functions each call of a scope may run, as `invokes` follows them; remembered per call. */
class InvokeGraph {
  private readonly known = new Map<ts.Node, readonly ts.FunctionLikeDeclaration[]>();
  private implementations: Map<string, ts.FunctionLikeDeclaration[]> | undefined;

  constructor(
    private readonly semantic: SemanticModel,
    private readonly scope: Scope,
  ) {}

  callees(call: ts.CallExpression | ts.NewExpression): readonly ts.FunctionLikeDeclaration[] {
    let callees = this.known.get(call);
    if (!callees) {
      callees = this.resolveCallees(call);
      this.known.set(call, callees);
    }
    return callees;
  }

  private resolveCallees(call: ts.CallExpression | ts.NewExpression): readonly ts.FunctionLikeDeclaration[] {
    const direct = this.semantic.calleeDeclarations(call);
    if (direct.length > 0) return direct;
    const name = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
    const symbol = this.semantic.symbolAt(name);
    const out: ts.FunctionLikeDeclaration[] = [];
    for (const declaration of symbol?.declarations ?? []) {
      if (!this.semantic.fileOf(declaration)) continue;
      // An interface method: the same-named methods of the project's classes that implement that interface.
      if (
        ts.isMethodSignature(declaration) &&
        ts.isInterfaceDeclaration(declaration.parent) &&
        ts.isIdentifier(declaration.name)
      ) {
        out.push(...this.implementationsOf(declaration.parent.name.text, declaration.name.text));
      }
      // A function-valued field or variable: the functions it is initialised or assigned with.
      if (
        (ts.isPropertyDeclaration(declaration) ||
          ts.isVariableDeclaration(declaration) ||
          ts.isParameter(declaration)) &&
        ts.isIdentifier(declaration.name)
      ) {
        if (declaration.initializer) out.push(...this.functionsOf(declaration.initializer, 0));
        out.push(...this.assignedFunctions(declaration, declaration.name.text));
      }
    }
    return out;
  }

  private implementationsOf(interfaceName: string, method: string): ts.FunctionLikeDeclaration[] {
    this.implementations ??= this.indexImplementations();
    return this.implementations.get(`${interfaceName}#${method}`) ?? [];
  }

  private indexImplementations(): Map<string, ts.FunctionLikeDeclaration[]> {
    const index = new Map<string, ts.FunctionLikeDeclaration[]>();
    const names = callableNames(this.semantic);
    for (const file of this.scope.files) {
      const root = sourceFileNode(this.semantic, file);
      if (!root) continue;
      for (const n of names.classesIn(root)) {
        const implemented = (n.heritageClauses ?? [])
          .filter((h) => h.token === ts.SyntaxKind.ImplementsKeyword)
          .flatMap((h) => h.types.map((t) => t.expression.getText()));
        for (const member of n.members) {
          if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name)) continue;
          for (const name of implemented) {
            const key = `${name.split('.').pop()}#${member.name.text}`;
            const list = index.get(key);
            if (list) list.push(member);
            else index.set(key, [member]);
          }
        }
      }
    }
    return index;
  }

  private functionsOf(expression: ts.Expression, depth: number): ts.FunctionLikeDeclaration[] {
    const node = skipOuter(expression);
    if (depth > 4) return [];
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return [node];
    if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      return [...this.functionsOf(node.left, depth + 1), ...this.functionsOf(node.right, depth + 1)];
    if (ts.isConditionalExpression(node))
      return [...this.functionsOf(node.whenTrue, depth + 1), ...this.functionsOf(node.whenFalse, depth + 1)];
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
      const symbol = this.semantic.symbolAt(ts.isIdentifier(node) ? node : node.name);
      let resolved = symbol;
      if (resolved && resolved.flags & ts.SymbolFlags.Alias)
        resolved = this.semantic.checker.getAliasedSymbol(resolved);
      const out: ts.FunctionLikeDeclaration[] = [];
      for (const declaration of resolved?.declarations ?? []) {
        if (!this.semantic.fileOf(declaration)) continue;
        if (ts.isFunctionDeclaration(declaration) && declaration.body) out.push(declaration);
        else if (ts.isVariableDeclaration(declaration) && declaration.initializer)
          out.push(...this.functionsOf(declaration.initializer, depth + 1));
      }
      return out;
    }
    return [];
  }

  // `this.clock = options.clock ?? systemClock`: functions assigned to a field or variable in its declaring file.
  private assignedFunctions(declaration: ts.Declaration, name: string): ts.FunctionLikeDeclaration[] {
    const out: ts.FunctionLikeDeclaration[] = [];
    someAssignedValue(this.semantic, declaration, name, (value) => {
      out.push(...this.functionsOf(value, 0));
      return false;
    });
    return out;
  }
}

/**
 * Visits, in source order, the values assigned with `=` to a declared variable or field in its declaring file (`name =
 * value`, `this.name = value`, `x.name = value` when the target resolves to the declaration) until `test` holds for one.
 */
function someAssignedValue(
  semantic: SemanticModel,
  declaration: ts.Declaration,
  name: string,
  test: (value: ts.Expression) => boolean,
): boolean {
  for (const assignment of assignmentsIn(declaration.getSourceFile()).get(name) ?? []) {
    const target = ts.isIdentifier(assignment.left)
      ? assignment.left
      : (assignment.left as ts.PropertyAccessExpression).name;
    const symbol = semantic.symbolAt(target);
    if (symbol?.declarations?.includes(declaration) && test(assignment.right)) return true;
  }
  return false;
}

const assignmentIndex = new WeakMap<ts.SourceFile, Map<string, ts.BinaryExpression[]>>();

// The `name = value` / `x.name = value` assignments of a file by target name, in source order: built in one walk
// per file, so that following many declarations of one file does not walk it again for each.
function assignmentsIn(file: ts.SourceFile): Map<string, ts.BinaryExpression[]> {
  let index = assignmentIndex.get(file);
  if (index) return index;
  const built = new Map<string, ts.BinaryExpression[]>();
  const visit = (n: ts.Node): void => {
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      (ts.isIdentifier(n.left) || ts.isPropertyAccessExpression(n.left))
    ) {
      const target = ts.isIdentifier(n.left) ? n.left : n.left.name;
      const list = built.get(target.text);
      if (list) list.push(n);
      else built.set(target.text, [n]);
    }
    ts.forEachChild(n, visit);
  };
  visit(file);
  index = built;
  assignmentIndex.set(file, index);
  return index;
}
