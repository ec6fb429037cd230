/**
 * A problem found in a YAML or JSON file (a rule file, `safeguard.config.yaml`, the serve config), placed as
 * precisely as it can be, and the one line every command prints for it: `file:line:column: field: message`.
 */

/** Where a value sits in a parsed document: the keys and array indexes that lead to it from the top. */
export type FieldPath = readonly (string | number)[];

/** A problem at a place in a document, before it is placed in its file's text. */
export interface PathIssue {
  path: FieldPath;
  /** A key of the map at `path` the problem is about (an unknown field): the key's own place is shown. */
  key?: string;
  message: string;
}

/** A problem placed in its file; line and column are absent when the value came from no text (a plain object). */
export interface LocatedIssue {
  file: string;
  line?: number;
  column?: number;
  /** `security.api_keys[0].hash`; absent when the problem is with the file as a whole. */
  field?: string;
  message: string;
}

/** `security.api_keys[0].hash` for ['security', 'api_keys', 0, 'hash']; keys that are not plain words are quoted. */
export function fieldName(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[\w-]+$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** The issue's line: `file:line:column: field: message`, leaving out what it does not know. */
export function formatIssue(issue: LocatedIssue): string {
  let place = issue.file;
  if (issue.line !== undefined) place += `:${issue.line}`;
  if (issue.line !== undefined && issue.column !== undefined) place += `:${issue.column}`;
  if (issue.field) place += `: ${issue.field}`;
  return `${place}: ${issue.message}`;
}

/**
 * The issues of one file in the order of its text (line, then column; issues without a place come last, in the
 * order they were found), each once: two schema keywords can say the same thing about one field.
 */
export function sortIssues(issues: readonly LocatedIssue[]): LocatedIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const line = formatIssue(issue);
    if (seen.has(line)) return false;
    seen.add(line);
    return true;
  });
  const nowhere = Number.MAX_SAFE_INTEGER;
  return unique
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        (a.issue.line ?? nowhere) - (b.issue.line ?? nowhere) ||
        (a.issue.column ?? nowhere) - (b.issue.column ?? nowhere) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}
