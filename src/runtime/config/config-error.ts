import { formatIssue, type LocatedIssue } from '../../shared/structured-file/located-issue.js';

/**
 * A serve config that cannot be used: every problem found, one line each (`file:line:column: field: message`), so
 * that nothing starts (the CLI exits 2).
 */
export class ServerConfigError extends Error {
  readonly exitCode = 2;

  constructor(readonly issues: readonly LocatedIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ServerConfigError';
  }
}
