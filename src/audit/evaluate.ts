import { FactFilter } from './facts/filter.js';
import type { DependencyLookup } from './frameworks/credit.js';
import { FactIndex } from './facts/index.js';
import { SyntaxTrees } from './facts/trees.js';
import type { FileFacts } from './facts/types.js';
import { narrowScope, wholeProject } from './matchers/scope.js';
import { SemanticModel } from './matchers/semantic.js';
import type { EvaluationContext, Match } from './matchers/types.js';
import type { RuleSet } from './rules/types.js';
import { judgeSafeguard } from './score/judge.js';
import { judgeCapabilityScore } from './score/score.js';
import type { CapabilityResult, Diagnostic, Suppression } from './scorecard.js';

/** Every capability judged and scored, with the suppressions used and the diagnostics raised. */
export interface Evaluation {
  capabilities: CapabilityResult[];
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
  semanticUsed: boolean;
}

/** No package.json was found: no framework fact can be credited. */
export const NO_DEPENDENCIES: DependencyLookup = { versionIn: () => undefined };

/** The facts the loaded rules can ask about (the walk records only those). */
export function factFilterFor(ruleSet: RuleSet): FactFilter {
  return new FactFilter(
    ruleSet.capabilities.flatMap((c) =>
      c.safeguards.flatMap((s) => [...s.evidence.interests, ...(s.appliesWhen?.interests ?? [])]),
    ),
  );
}

/**
 * Runs every safeguard of the rule set over the indexed files. The type checker is created on first use, that is
 * only when a rule with `resolves-to` or `reaches` reaches a candidate node.
 */
export function evaluateRuleSet(
  ruleSet: RuleSet,
  files: readonly FileFacts[],
  runThreshold: number,
  unanalysed: readonly string[] = [],
  dependencies: DependencyLookup = NO_DEPENDENCIES,
): Evaluation {
  let semantic: SemanticModel | undefined;
  const trees = new SyntaxTrees();
  const context: EvaluationContext = {
    index: new FactIndex(files),
    semantic: () => (semantic ??= new SemanticModel(files, trees)),
    trees,
    cache: new Map<string, Match[]>(),
    dependencies,
    diagnostics: [],
  };
  const byPath = new Map(files.map((f) => [f.path, f]));
  const suppressionsOf = (path: string) => byPath.get(path)?.suppressions ?? [];
  const project = wholeProject(files);
  const suppressions: Suppression[] = [];
  const diagnostics: Diagnostic[] = [];
  const capabilities = ruleSet.capabilities.map((capability): CapabilityResult => {
    const threshold = capability.threshold ?? runThreshold;
    const safeguards = capability.safeguards.map((safeguard) => {
      const scope = narrowScope(project, safeguard.files, safeguard.exclude);
      const appliesWhen = safeguard.appliesWhen?.evaluate(context, scope);
      const matches = appliesWhen?.length === 0 ? [] : safeguard.evidence.evaluate(context, scope);
      const judgement = judgeSafeguard(safeguard, appliesWhen, matches, suppressionsOf);
      suppressions.push(...judgement.suppressions);
      diagnostics.push(...judgement.diagnostics);
      return {
        id: safeguard.id,
        title: safeguard.title,
        rationale: safeguard.rationale,
        kind: safeguard.kind,
        core: safeguard.core,
        weight: safeguard.weight,
        docs: safeguard.docs,
        result: judgement.result,
        evidence: judgement.evidence,
        ...(safeguard.finding ? { finding: safeguard.finding } : {}),
      };
    });
    const verdict = judgeCapabilityScore(safeguards);
    const coreMissing = safeguards.some(
      (s) => s.core && s.kind === 'requirement' && (s.result === 'missing' || s.result === 'not-applicable'),
    );
    const base = { id: capability.id, title: capability.title, summary: capability.summary };
    // Fail closed: core evidence is missing and files that could hold it were not read.
    if (coreMissing && unanalysed.length > 0) {
      return {
        ...base,
        score: null,
        status: 'inconclusive',
        reason: inconclusiveReason(unanalysed),
        threshold,
        safeguards,
      };
    }
    return {
      ...base,
      score: verdict.score,
      status: verdict.status,
      ...(verdict.status === 'not-applicable'
        ? { reason: capability.notApplicable ?? 'none of its core safeguards applies to this code' }
        : {}),
      threshold,
      safeguards,
    };
  });
  diagnostics.push(...context.diagnostics);
  return { capabilities, suppressions, diagnostics, semanticUsed: semantic !== undefined };
}

function inconclusiveReason(unanalysed: readonly string[]): string {
  const shown = unanalysed.slice(0, 3).join(', ');
  const more = unanalysed.length > 3 ? ` and ${unanalysed.length - 3} more` : '';
  return `core evidence is missing and ${unanalysed.length} file${unanalysed.length === 1 ? ' was' : 's were'} not analysed (${shown}${more})`;
}
