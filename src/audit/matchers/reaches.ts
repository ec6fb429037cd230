import { ts } from 'ts-morph';
import { unwrap } from '../facts/argument.js';
import { calleeName, callableNames } from './callable-names.js';
import { union } from './combinators.js';
import type { SemanticModel } from './semantic.js';
import type { EvaluationContext, Match, Matcher, Scope } from './types.js';

type Event = { node: ts.Node; match?: Match; role: 'to' | 'before' | 'call' };

/** What a function reaches: the `to` matches found, and whether a `before` match stopped the walk first. */
interface Reach {
  reached: Match[];
  blocked: boolean;
}

/**
 * `reaches: { from, to, before }`: from the entry points among `from`'s matches, following calls into functions and
 * methods declared in the project (through the type checker), the `to` matches reached — with `before`, only those
 * met on a path before any `before` match (source order within each function). Nested callbacks count as part of
 * the function that contains them.
 */
export function reaches(from: Matcher, to: Matcher, before: Matcher | undefined): Matcher {
  return {
    key: `{"reaches":{"from":${from.key},"to":${to.key},"before":${before?.key ?? null}}}`,
    semantic: true,
    interests: [from, to, ...(before ? [before] : [])].flatMap((m) => m.interests),
    evaluate(context: EvaluationContext, scope: Scope): Match[] {
      const toMatches = to.evaluate(context, scope);
      if (toMatches.length === 0) return [];
      const semantic = context.semantic();
      const entries = from
        .evaluate(context, scope)
        .flatMap((m) => entryPoints(m.fact && semantic.nodeOf(m.fact)));
      if (entries.length === 0) return [];
      const walk = new ReachWalk(semantic, toMatches, before?.evaluate(context, scope) ?? []);
      return union(entries.map((entry) => walk.reach(entry).reached));
    },
  };
}

// The function-like nodes a `from` match stands for: itself, the callbacks passed to a matched call, or the
// methods of a matched class.
function entryPoints(node: ts.Node | undefined): ts.FunctionLikeDeclaration[] {
  if (!node) return [];
  if (ts.isFunctionLike(node) && hasBody(node)) return [node as ts.FunctionLikeDeclaration];
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    return (node.arguments ?? [])
      .map(unwrap)
      .filter(
        (a): a is ts.ArrowFunction | ts.FunctionExpression =>
          ts.isArrowFunction(a) || ts.isFunctionExpression(a),
      );
  }
  if (ts.isClassLike(node)) {
    return node.members.filter(
      (m): m is ts.MethodDeclaration | ts.ConstructorDeclaration =>
        (ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m)) && m.body !== undefined,
    );
  }
  return [];
}

function hasBody(node: ts.Node): boolean {
  return (node as ts.FunctionLikeDeclaration).body !== undefined;
}

class ReachWalk {
  private readonly memo = new Map<ts.Node, Reach>();
  private readonly toByNode = new Map<ts.Node, Match>();
  private readonly beforeNodes = new Set<ts.Node>();
  /** The names a function reaching a `to` or `before` match may be called by (callable-names.ts). */
  private readonly reachingNames: ReadonlySet<string>;

  constructor(
    private readonly semantic: SemanticModel,
    toMatches: readonly Match[],
    beforeMatches: readonly Match[],
  ) {
    for (const m of toMatches) {
      const node = m.fact && semantic.nodeOf(m.fact);
      if (node) this.toByNode.set(node, m);
    }
    for (const m of beforeMatches) {
      const node = m.fact && semantic.nodeOf(m.fact);
      if (node) this.beforeNodes.add(node);
    }
    this.reachingNames = callableNames(semantic).reachingNames([
      ...this.toByNode.keys(),
      ...this.beforeNodes,
    ]);
  }

  // A call by a name no function reaching a `to` or `before` match goes by runs nothing that matters here: the
  // checker is not asked what it runs.
  private mayMatter(call: ts.CallExpression | ts.NewExpression): boolean {
    const name = calleeName(call);
    return name === undefined || this.reachingNames.has(name);
  }

  reach(fn: ts.FunctionLikeDeclaration): Reach {
    const known = this.memo.get(fn);
    if (known) return known;
    const result: Reach = { reached: [], blocked: false };
    this.memo.set(fn, result); // a recursive call sees the partial result, which ends the cycle
    if (!this.semantic.fileOf(fn)) return result;
    for (const event of this.eventsWithin(fn)) {
      if (event.role === 'to' && event.match) result.reached.push(event.match);
      else if (event.role === 'before') {
        result.blocked = true;
        break;
      } else if (event.role === 'call') {
        const call = event.node as ts.CallExpression | ts.NewExpression;
        if (!this.mayMatter(call)) continue;
        const callees = this.semantic.calleeDeclarations(call);
        const reaches = callees.filter((callee) => callee !== fn).map((callee) => this.reach(callee));
        for (const r of reaches) result.reached.push(...r.reached);
        if (reaches.some((r) => r.blocked)) {
          result.blocked = true;
          break;
        }
      }
    }
    return result;
  }

  // The to/before/call events inside a function, in source order (a pre-order walk); a node that is both `to` and a
  // call counts as `to`.
  private eventsWithin(fn: ts.Node): Event[] {
    const out: Event[] = [];
    // An explicit stack, children pushed in reverse: source order without recursion (generated code nests deep).
    const stack: ts.Node[] = [];
    const pushChildren = (node: ts.Node): void => {
      const children: ts.Node[] = [];
      ts.forEachChild(node, (child) => {
        children.push(child);
      });
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    };
    pushChildren(fn);
    for (let node = stack.pop(); node; node = stack.pop()) {
      const match = this.toByNode.get(node);
      if (match) out.push({ node, match, role: 'to' });
      else if (this.beforeNodes.has(node)) out.push({ node, role: 'before' });
      else if (ts.isCallExpression(node) || ts.isNewExpression(node)) out.push({ node, role: 'call' });
      pushChildren(node);
    }
    return out;
  }
}
