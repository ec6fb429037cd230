// The engine's folders in layers; each imports only from the layers below it (`node scripts/check-cycles.mjs`):
//   audit.ts, ruletest/, evaluate.ts, config.ts  run an audit: load, evaluate, score
//   score/                                       judge matches and score capabilities
//   frameworks/                                  framework facts, written as matchers (credit.ts sits below matchers)
//   rules/, yaml-source.ts                       rule files read, validated and compiled to matchers
//   matchers/                                    the rule language over the fact index
//   taint/                                       taint paths from entry points to sinks, over the syntax trees
//   facts/                                       one walk per file: facts, the fact index, the kept trees
//   servers.ts, packages/, project/              which servers and files are audited, read as text
//   scorecard.ts, errors.ts, regex/, text-order.ts, display-path.ts, field-path.ts  shared types and helpers
// project/options.ts turns the config file's values into load options: it belongs with config.ts, beside what it sets.

/** The audit engine's public surface: run an audit, run rule fixtures, and the error that means "exit 2". */
export { runAudit, type AuditOptions } from './audit.js';
export { AuditInputError, NoServerFoundError, SeveralServersError } from './errors.js';
export { runRuleTests, type RuleTestReport, type RuleTestFailure } from './ruletest/run.js';
export { loadRuleSet, ruleFilesIn } from './rules/load.js';
export { BUNDLED_RULES_DIR } from './package-root.js';
export type * from './scorecard.js';
