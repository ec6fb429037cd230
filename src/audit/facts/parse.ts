import { ts } from 'ts-morph';
import type { SourceText } from '../project/load.js';
import type { Diagnostic } from '../scorecard.js';
import { walkFacts } from './collect.js';
import { parseInWorker } from './deep-parse.js';
import type { FactFilter } from './filter.js';
import { MAX_TYPE_CHECKED_DEPTH } from './nesting.js';
import type { FileFacts } from './types.js';

interface Parsed {
  facts: FileFacts;
  problem: Diagnostic | undefined;
  /** Nested deeper than the type checker and the taint analysis can follow on this thread's stack. */
  tooDeepForTypes: boolean;
}

// Facts per file by path and content digest: a re-audit in the same process (watch, `rules test`) reparses only
// what changed. Entries not used by the latest audit are dropped so the cache never outgrows one project.
let cache = new Map<string, Parsed>();

// Trees the fact walk was asked to keep, for the passes that need trees after it (facts/trees.ts). Held only as long
// as the file's facts are.
const kept = new WeakMap<FileFacts, ts.SourceFile>();

/** The syntax tree the fact walk kept for a file (see `indexFiles`), if it kept one. */
export function keptTree(file: FileFacts): ts.SourceFile | undefined {
  return kept.get(file);
}

// Files read for their syntax only: the passes after the fact walk see them as empty (see facts/trees.ts).
const syntaxOnly = new WeakSet<FileFacts>();

/** True when the type checker and the taint analysis must not read this file's tree: it nests too deep for them. */
export function isSyntaxOnly(file: FileFacts): boolean {
  return syntaxOnly.has(file);
}

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS,
  mts: ts.ScriptKind.TS,
  cts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  mjs: ts.ScriptKind.JS,
  cjs: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
};

/**
 * Parses each file once and gathers its facts. The tree is dropped after its walk unless `keepTree` says to keep it
 * (keeping the trees of a large project alive costs as much as parsing it again for the type checker, which only some
 * audits need). A file with syntax errors is still indexed (the parser recovers) and its first error becomes a
 * `parse-error` diagnostic. A file nested too deep for this thread's call stack is parsed in a worker with a larger
 * one, and skipped (`too-complex`) when even that is not enough. When `typeChecked` (some rule uses the type checker or the
 * taint analysis), a file nested too deep for them is read for its syntax only, and said so with a `too-complex`
 * warning: evidence those passes would find in it is unknown.
 */
export function indexFiles(
  files: readonly SourceText[],
  diagnostics: Diagnostic[],
  filter: FactFilter,
  keepTree: (file: SourceText) => boolean = () => false,
  typeChecked = true,
): FileFacts[] {
  const next = new Map<string, Parsed>();
  const out: FileFacts[] = [];
  for (const file of files) {
    // Facts depend on which of them the loaded rules can ask about, so the filter is part of the key.
    const key = `${file.path}\u0000${file.digest}\u0000${filter.signature}`;
    const parsed = cache.get(key) ?? parseOrSkip(file, filter, keepTree(file));
    if (!parsed) {
      diagnostics.push({
        severity: 'warning',
        code: 'too-complex',
        message: 'skipped: the syntax is nested too deeply to analyse (generated code?)',
        file: file.path,
      });
      continue;
    }
    next.set(key, parsed);
    out.push(parsed.facts);
    if (parsed.problem) diagnostics.push(parsed.problem);
    if (parsed.tooDeepForTypes) {
      syntaxOnly.add(parsed.facts);
      if (typeChecked) {
        diagnostics.push({
          severity: 'warning',
          code: 'too-complex',
          message:
            'read for its syntax only: nested too deeply for the type checker and the taint analysis (generated code?)',
          file: file.path,
        });
      }
    }
  }
  cache = next;
  return out;
}

/**
 * Parses a project file the same way for the fact walk and for the type checker. Without `linkParents` the nodes'
 * `parent` links are left to the caller: TypeScript sets them in a pass of its own that costs about as much as the
 * parse, and the fact walk sets them on its way down instead (`walkFacts`).
 */
export function parseSource(path: string, text: string, linkParents = true): ts.SourceFile {
  const extension = path.slice(path.lastIndexOf('.') + 1);
  // A virtual absolute name: the type checker resolves relative imports between project files by it, and no
  // real absolute path can leak into a report.
  return ts.createSourceFile(
    `/${path}`,
    text,
    // JSDoc comments are parsed in JavaScript files only, where they are types the checker reads; in TypeScript
    // they carry none, no fact is read from them, and parsing them costs about a fifth of the parse.
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo },
    linkParents,
    SCRIPT_KINDS[extension] ?? ts.ScriptKind.TS,
  );
}

// A file whose nesting exhausts the call stack (in the parser or the walk) is parsed again on a larger stack, and
// skipped when that fails too; never fatal.
function parseOrSkip(file: SourceText, filter: FactFilter, keepTree: boolean): Parsed | undefined {
  try {
    return parse(file, filter, keepTree);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const parsed = parseInWorker(file.path, file.text);
  return parsed && { ...parsed, tooDeepForTypes: true };
}

function parse(file: SourceText, filter: FactFilter, keepTree: boolean): Parsed {
  const sourceFile = parseSource(file.path, file.text, false);
  const { facts, depth } = walkFacts(file.path, sourceFile, filter);
  const tooDeepForTypes = depth >= MAX_TYPE_CHECKED_DEPTH;
  if (keepTree && !tooDeepForTypes) kept.set(facts, sourceFile);
  return { facts, problem: firstSyntaxError(file.path, sourceFile), tooDeepForTypes };
}

/** The first syntax error the parser recovered from, as a `parse-error` diagnostic. */
export function firstSyntaxError(path: string, sourceFile: ts.SourceFile): Diagnostic | undefined {
  // `parseDiagnostics` is internal to TypeScript but stable; asking a Program for syntactic diagnostics instead
  // would build one for every audit, which is what the fact pass exists to avoid.
  const errors = (sourceFile as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] })
    .parseDiagnostics;
  const first = errors?.[0];
  if (!first) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
  return {
    severity: 'error',
    code: 'parse-error',
    message: `syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')} (the rest of the file was still read)`,
    file: path,
    line: line + 1,
    column: character + 1,
  };
}
