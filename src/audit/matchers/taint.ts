import type { EvaluationContext, Match, Matcher, Scope } from './types.js';
import { TaintProgram } from '../taint/program.js';
import { SINK_KINDS, type Flow, type SinkKind } from '../taint/types.js';

export interface TaintSpec {
  sink: SinkKind | SinkKind[];
}

// One analysis per evaluation and scope, shared by every taint matcher of the audit (the rules ask per sink kind).
const analyses = new WeakMap<EvaluationContext['cache'], Map<string, Flow[]>>();

function flowsOf(context: EvaluationContext, scope: Scope): Flow[] {
  let byScope = analyses.get(context.cache);
  if (!byScope) {
    byScope = new Map();
    analyses.set(context.cache, byScope);
  }
  let flows = byScope.get(scope.key);
  if (!flows) {
    const program = new TaintProgram(scope.files, context.trees);
    flows = program.flows();
    byScope.set(scope.key, flows);
    if (program.exhausted) {
      context.diagnostics.push({
        severity: 'warning',
        code: 'taint-budget',
        message:
          'taint analysis stopped at its work budget: findings that follow tool input may be missing (the project is very large or deeply recursive)',
      });
    }
  }
  return flows;
}

/**
 * Sinks reached by input of an entry point (a tool, prompt or resource handler, an HTTP route), each with the path
 * the value took (docs/taint.md). The analysis runs once per audit; each matcher keeps the sink kinds it asks for.
 */
export function taint(spec: TaintSpec): Matcher {
  const kinds = new Set<SinkKind>(Array.isArray(spec.sink) ? spec.sink : [spec.sink]);
  for (const kind of kinds) if (!SINK_KINDS.includes(kind)) throw new Error(`unknown sink kind '${kind}'`);
  return {
    key: JSON.stringify({ taint: [...kinds].sort() }),
    semantic: false,
    interests: [],
    evaluate(context: EvaluationContext, scope: Scope): Match[] {
      return flowsOf(context, scope)
        .filter((flow) => kinds.has(flow.kind) && scope.contains(flow.file))
        .map((flow) => ({
          file: flow.file,
          fact: { file: flow.file, pos: flow.pos, end: flow.end, syntaxKind: flow.syntaxKind },
          path: flow.steps,
        }));
    },
  };
}
