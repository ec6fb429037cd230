import { ServerConfigError } from '../../../src/runtime/config/config-error.js';

/** The problems a serve config has, as `line:column: field: message` without the file (empty when it loads). */
export function configIssues(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (error) {
    if (!(error instanceof ServerConfigError)) throw error;
    return error.issues.map((issue) => {
      const place = issue.line === undefined ? '' : `${issue.line}:${issue.column}: `;
      return `${place}${issue.field === undefined ? '' : `${issue.field}: `}${issue.message}`;
    });
  }
}
