import { ts } from 'ts-morph';
import { calleeName, callableNames } from './callable-names.js';
import { union } from './combinators.js';
import { isJsonRpcErrorResponse } from './jsonrpc-refusal.js';
import type { SemanticModel } from './semantic.js';
import { sourceFileNode } from './syntax.js';
import type { EvaluationContext, Match, Matcher, Scope } from './types.js';

/** HTTP statuses that refuse a request: unauthenticated, forbidden, too many requests. */
const REFUSAL_STATUSES = new Set([401, 403, 429]);
const REFUSAL_STATUS_NAMES = /^(UNAUTHORIZED|FORBIDDEN|TOO_MANY_REQUESTS)$/;

/**
 * `guard: { check: m }`: the matches of `m` whose outcome decides a refusal. A match qualifies when it lies in the
 * condition of an `if` statement or a `?:` expression (directly, or through a `const` it initialises that such a
 * condition reads) and one branch refuses: it throws, carries a 401/403/429 status (`res.status(403)`,
 * `new Response(…, { status: 401 })`, `c.json(…, 429)`), answers a JSON-RPC error response (`{ jsonrpc, id, error: {
 * code, … } }`), or returns an `isError: true` tool result, itself or through a
 * project function it calls. A check whose result refuses nothing (a predicate that returns `true`, a value only
 * logged) is not a guard. Reports the matches of `m`.
 */
export function guard(check: Matcher): Matcher {
  return {
    key: `{"guard":{"check":${check.key}}}`,
    semantic: true,
    interests: check.interests,
    evaluate(context: EvaluationContext, scope: Scope): Match[] {
      const candidates = check.evaluate(context, scope).filter((m) => m.fact);
      if (candidates.length === 0) return [];
      const semantic = context.semantic();
      const refusals = new RefusalTest(semantic);
      const callSites = new CallSites(semantic, scope.files);
      return union([
        candidates.filter((m) => {
          const node = semantic.nodeOf(m.fact!);
          if (!node) return false;
          if (decidesRefusal(node, refusals)) return true;
          // A predicate (`return scopes.includes(x)`, `(c) => c.roles.has(r)`): one of its callers guards a refusal.
          const predicate = predicateOf(node);
          return (
            predicate !== undefined && callSites.of(predicate).some((call) => decidesRefusal(call, refusals))
          );
        }),
      ]);
    },
  };
}

// The named function whose returned value is the node's expression (a predicate), if any.
function predicateOf(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isReturnStatement(parent)) {
      const fn = enclosingFunctionOrFile(parent);
      return ts.isFunctionLike(fn) ? (fn as ts.FunctionLikeDeclaration) : undefined;
    }
    if (ts.isArrowFunction(parent)) return parent.body === child ? parent : undefined;
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || isFunctionLike(parent)) return undefined;
  }
  return undefined;
}

// The name a function is called by: its declared name, or the variable or property it is bound to.
function nameOf(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  return undefined;
}

/** The project's call expressions by callee name, collected once; `of` keeps those that resolve to the function. */
class CallSites {
  private byName: Map<string, ts.CallExpression[]> | undefined;

  constructor(
    private readonly semantic: SemanticModel,
    private readonly files: Scope['files'],
  ) {}

  of(fn: ts.FunctionLikeDeclaration): ts.CallExpression[] {
    const name = nameOf(fn);
    if (!name) return [];
    return (this.index().get(name) ?? []).filter((call) =>
      this.semantic.calleeDeclarations(call).includes(fn),
    );
  }

  // The calls of the scope's files in source order, from the list callable-names keeps of each file.
  private index(): Map<string, ts.CallExpression[]> {
    if (this.byName) return this.byName;
    const byName = new Map<string, ts.CallExpression[]>();
    const names = callableNames(this.semantic);
    for (const file of this.files) {
      const root = sourceFileNode(this.semantic, file);
      if (!root) continue;
      for (const call of names.callsIn(root)) {
        if (!ts.isCallExpression(call)) continue;
        const name = calleeName(call);
        if (name === undefined) continue;
        const list = byName.get(name);
        if (list) list.push(call);
        else byName.set(name, [call]);
      }
    }
    this.byName = byName;
    return byName;
  }
}

function decidesRefusal(node: ts.Node, refusals: RefusalTest): boolean {
  for (const branches of guardedBranches(node))
    if (branches.some((b) => b && refusals.refuses(b))) return true;
  // `const ok = check(…); if (!ok) refuse`: the condition reads the variable the check initialises.
  const declaration = enclosingDeclaration(node);
  if (declaration && ts.isIdentifier(declaration.name)) {
    const name = declaration.name.text;
    const body = enclosingFunctionOrFile(declaration);
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found || (n !== body && isFunctionLike(n))) return;
      if (ts.isIdentifier(n) && n.text === name && n !== declaration.name && n.pos >= declaration.end) {
        for (const branches of guardedBranches(n)) {
          if (branches.some((b) => b && refusals.refuses(b))) {
            found = true;
            return;
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
    return found;
  }
  return false;
}

// The branches of every `if` / `?:` whose condition holds the node (without crossing a function boundary).
function* guardedBranches(node: ts.Node): Generator<(ts.Node | undefined)[]> {
  let child = node;
  for (let parent = node.parent; parent && !isFunctionLike(parent); child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && parent.expression === child)
      yield [parent.thenStatement, parent.elseStatement];
    if (ts.isConditionalExpression(parent) && parent.condition === child)
      yield [parent.whenTrue, parent.whenFalse];
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) return;
  }
}

function enclosingDeclaration(node: ts.Node): ts.VariableDeclaration | undefined {
  for (let n: ts.Node | undefined = node; n && !isFunctionLike(n); n = n.parent) {
    if (ts.isVariableDeclaration(n)) return n.initializer && n.initializer.pos <= node.pos ? n : undefined;
    if (ts.isBlock(n) || ts.isSourceFile(n)) return undefined;
  }
  return undefined;
}

function enclosingFunctionOrFile(node: ts.Node): ts.Node {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n) || ts.isSourceFile(n)) return n;
  return node.getSourceFile();
}

function isFunctionLike(node: ts.Node): boolean {
  return ts.isFunctionLike(node) || ts.isClassLike(node);
}

/** Whether a branch refuses, itself or through the project functions it calls (one call deep, memoised). */
class RefusalTest {
  private readonly memo = new Map<ts.Node, boolean>();

  constructor(private readonly semantic: SemanticModel) {}

  refuses(branch: ts.Node, depth = 0): boolean {
    const known = this.memo.get(branch);
    if (known !== undefined) return known;
    this.memo.set(branch, false);
    let result = false;
    const calls: (ts.CallExpression | ts.NewExpression)[] = [];
    const visit = (n: ts.Node): void => {
      if (result) return;
      if (n !== branch && isFunctionLike(n)) return;
      if (ts.isThrowStatement(n)) result = true;
      else if (ts.isNumericLiteral(n) && REFUSAL_STATUSES.has(Number(n.text))) result = true;
      else if (ts.isPropertyAccessExpression(n) && REFUSAL_STATUS_NAMES.test(n.name.text)) result = true;
      else if (
        ts.isPropertyAssignment(n) &&
        propertyName(n.name) === 'isError' &&
        n.initializer.kind === ts.SyntaxKind.TrueKeyword
      )
        result = true;
      else if (isJsonRpcErrorResponse(n)) result = true;
      else if (ts.isCallExpression(n) || ts.isNewExpression(n)) calls.push(n);
      if (!result) ts.forEachChild(n, visit);
    };
    visit(branch);
    if (!result && depth === 0) {
      for (const call of calls) {
        const callees = this.semantic.calleeDeclarations(call);
        if (callees.some((fn) => fn.body !== undefined && this.refuses(fn.body, depth + 1))) {
          result = true;
          break;
        }
      }
    }
    this.memo.set(branch, result);
    return result;
  }
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}
