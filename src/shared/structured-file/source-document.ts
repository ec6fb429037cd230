/**
 * A YAML or JSON file parsed so that every value remembers where it came from: the first half of "text + schema ->
 * located issues". YAML 1.2 is a superset of JSON, so one parser serves both and gives positions for both.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { fieldName, sortIssues, type FieldPath, type LocatedIssue, type PathIssue } from './located-issue.js';

/**
 * A parsed file, or a plain object standing in for one (then issues carry no line or column). `document` and `lines`
 * are read only to place an issue, so a source whose value came from elsewhere (a cache) may parse them on demand.
 */
export interface SourceDocument {
  /** The file as shown in messages. */
  file: string;
  value: unknown;
  document?: Document;
  lines?: LineCounter;
}

/** Aliases a document may expand: more is an alias bomb ("billion laughs"), a bad file rather than a crash. */
const MAX_ALIAS_COUNT = 100;

/** Parses YAML or JSON text; every syntax error comes back as an issue naming its line and column. */
export function parseSourceDocument(
  file: string,
  text: string,
): { source: SourceDocument; issues: [] } | { source?: undefined; issues: LocatedIssue[] } {
  const lines = new LineCounter();
  // uniqueKeys: a key given twice is an error, not a silent choice of one of the two values.
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const issues = document.errors.map((error): LocatedIssue => {
      const { line, col } = lines.linePos(error.pos[0]);
      return { file, line, column: col, message: `YAML syntax error: ${firstLine(error.message)}` };
    });
    return { issues: sortIssues(issues) };
  }
  try {
    const value: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { source: { file, value, document, lines }, issues: [] };
  } catch (error) {
    return { issues: [{ file, message: `YAML error: ${firstLine((error as Error).message)}` }] };
  }
}

/** A value given as an object rather than read from a file, named `file` in messages. */
export function objectSource(file: string, value: unknown): SourceDocument {
  return { file, value };
}

/** Places issues found at paths of the document in its file, in the order of the text. */
export function locateIssues(source: SourceDocument, issues: readonly PathIssue[]): LocatedIssue[] {
  return sortIssues(issues.map((issue) => locateIssue(source, issue)));
}

/** Places one issue: at the key it names, else at the value at its path, else at the nearest enclosing value. */
export function locateIssue(source: SourceDocument, issue: PathIssue): LocatedIssue {
  const path = issue.key === undefined ? issue.path : [...issue.path, issue.key];
  const field = fieldName(path);
  const { document, lines } = source;
  // Nothing to point at (an empty file): the start of the file.
  const position =
    document && lines ? lines.linePos(offsetOf(document, issue.path, issue.key) ?? 0) : undefined;
  return {
    file: source.file,
    ...(position ? { line: position.line, column: position.col } : {}),
    ...(field ? { field } : {}),
    message: issue.message,
  };
}

function offsetOf(document: Document, path: FieldPath, key: string | undefined): number | undefined {
  // A missing field has no node: the closest enclosing one that exists stands for it.
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (!isNode(node)) continue;
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
    if (node.range) return node.range[0];
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
