/** The audit engine's public surface: run an audit, run rule fixtures, and the error that means "exit 2". */
export { runAudit, type AuditOptions } from './audit.js';
export { AuditInputError, NoServerFoundError, SeveralServersError } from './errors.js';
export { runRuleTests, type RuleTestReport, type RuleTestFailure } from './ruletest/run.js';
export { loadRuleSet, ruleFilesIn } from './rules/load.js';
export { BUNDLED_RULES_DIR } from './package-root.js';
export type * from './scorecard.js';
