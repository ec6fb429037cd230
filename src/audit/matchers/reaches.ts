import { ts } from 'ts-morph';
import type { FileFacts } from '../facts/types.js';
import { unwrap } from './arguments.js';
import { union } from './combinators.js';
import type { SemanticModel } from './semantic.js';
import type { EvaluationContext, Match, Matcher, Scope } from './types.js';

type Event = { start: number; node: ts.Node; match?: Match; role: 'to' | 'before' | 'call' };

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
    evaluate(context: EvaluationContext, scope: Scope): Match[] {
      const toMatches = to.evaluate(context, scope);
      if (toMatches.length === 0) return [];
      const entries = from.evaluate(context, scope).flatMap(entryPoints);
      if (entries.length === 0) return [];
      const walk = new ReachWalk(context.semantic(), toMatches, before?.evaluate(context, scope) ?? []);
      return union(entries.map((entry) => walk.reach(entry).reached));
    },
  };
}

// The function-like nodes a `from` match stands for: itself, the callbacks passed to a matched call, or the
// methods of a matched class.
function entryPoints(match: Match): ts.FunctionLikeDeclaration[] {
  const node = match.node;
  if (!node) return [];
  if (ts.isFunctionLike(node) && hasBody(node)) return [node as ts.FunctionLikeDeclaration];
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    return (node.arguments ?? [])
      .map(unwrap)
      .filter((a): a is ts.ArrowFunction | ts.FunctionExpression => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
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
  private readonly events = new Map<ts.SourceFile, Event[]>();
  private readonly memo = new Map<ts.Node, Reach>();
  private readonly toByNode = new Map<ts.Node, Match>();
  private readonly beforeNodes = new Set<ts.Node>();

  constructor(
    private readonly semantic: SemanticModel,
    toMatches: readonly Match[],
    beforeMatches: readonly Match[],
  ) {
    for (const m of toMatches) if (m.node) this.toByNode.set(m.node, m);
    for (const m of beforeMatches) if (m.node) this.beforeNodes.add(m.node);
  }

  reach(fn: ts.FunctionLikeDeclaration): Reach {
    const known = this.memo.get(fn);
    if (known) return known;
    const result: Reach = { reached: [], blocked: false };
    this.memo.set(fn, result); // a recursive call sees the partial result, which ends the cycle
    const file = this.semantic.fileOf(fn);
    if (!file) return result;
    for (const event of this.eventsWithin(file, fn)) {
      if (event.role === 'to' && event.match) result.reached.push(event.match);
      else if (event.role === 'before') {
        result.blocked = true;
        break;
      } else if (event.role === 'call') {
        const callees = this.semantic.calleeDeclarations(event.node as ts.CallExpression | ts.NewExpression);
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

  // The to/before/call events inside a function, in source order; a node that is both `to` and a call counts as `to`.
  private eventsWithin(file: FileFacts, fn: ts.Node): Event[] {
    const all = this.fileEvents(file);
    const start = fn.getStart(file.sourceFile);
    let low = 0;
    let high = all.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (all[mid]!.start < start) low = mid + 1;
      else high = mid;
    }
    const out: Event[] = [];
    for (let i = low; i < all.length && all[i]!.start < fn.end; i++) {
      const event = all[i]!;
      if (event.node !== fn && event.node.end <= fn.end) out.push(event);
    }
    return out;
  }

  private fileEvents(file: FileFacts): Event[] {
    const sourceFile = file.sourceFile;
    let list = this.events.get(sourceFile);
    if (list) return list;
    list = [];
    const seen = new Set<ts.Node>();
    for (const [node, match] of this.toByNode) {
      if (match.file === file) {
        list.push({ start: node.getStart(sourceFile), node, match, role: 'to' });
        seen.add(node);
      }
    }
    for (const node of this.beforeNodes) {
      if (!seen.has(node) && node.getSourceFile() === sourceFile) {
        list.push({ start: node.getStart(sourceFile), node, role: 'before' });
        seen.add(node);
      }
    }
    for (const call of [...file.calls, ...file.news]) {
      if (!seen.has(call.node)) list.push({ start: call.node.getStart(sourceFile), node: call.node, role: 'call' });
    }
    list.sort((a, b) => a.start - b.start || b.node.end - a.node.end);
    this.events.set(sourceFile, list);
    return list;
  }
}
