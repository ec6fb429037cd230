import { ts } from 'ts-morph';
import type { FileFacts } from '../facts/types.js';
import type { EvaluationContext, Match, Matcher, Scope } from './types.js';

/** The match that stands for "this holds" without a place (what `not` and an empty in-bounds `count` yield). */
export const HOLDS: Match = Object.freeze({});

const isPlaced = (match: Match): boolean => match.file !== undefined;

/** Union of match lists without duplicates (same node, or the one file-less match). */
export function union(lists: readonly Match[][]): Match[] {
  const seen = new Set<unknown>();
  const out: Match[] = [];
  for (const list of lists) {
    for (const match of list) {
      const identity = match.fact ?? HOLDS;
      if (seen.has(identity)) continue;
      seen.add(identity);
      out.push(match);
    }
  }
  return out;
}

const keyOf = (name: string, children: readonly Matcher[]): string =>
  `{"${name}":[${children.map((c) => c.key).join(',')}]}`;
const anySemantic = (children: readonly Matcher[]): boolean => children.some((c) => c.semantic);
const allInterests = (children: readonly Matcher[]) => children.flatMap((c) => c.interests);

/** `any`: at least one sub-matcher matches; reports the union. */
export function anyOf(children: readonly Matcher[]): Matcher {
  return {
    key: keyOf('any', children),
    semantic: anySemantic(children),
    interests: allInterests(children),
    fileLocal: children.every((c) => c.fileLocal === true),
    ...(children.every((c) => c.candidateFiles !== undefined)
      ? {
          candidateFiles: (context: EvaluationContext, scope: Scope) =>
            new Set(children.flatMap((c) => [...c.candidateFiles!(context, scope)])),
        }
      : {}),
    evaluate: (context, scope) => union(children.map((c) => c.evaluate(context, scope))),
  };
}

/** `all`: every sub-matcher matches somewhere in scope; reports the union, or nothing. */
export function allOf(children: readonly Matcher[]): Matcher {
  return {
    key: keyOf('all', children),
    semantic: anySemantic(children),
    interests: allInterests(children),
    evaluate(context, scope) {
      const results: Match[][] = [];
      for (const child of children) {
        const matches = child.evaluate(context, scope);
        if (matches.length === 0) return [];
        results.push(matches);
      }
      return union(results);
    },
  };
}

/** `not`: the sub-matcher matches nothing in scope; yields one file-less match. */
export class NotMatcher implements Matcher {
  readonly key: string;
  readonly semantic: boolean;
  readonly interests: Matcher['interests'];

  constructor(readonly inner: Matcher) {
    this.key = `{"not":${inner.key}}`;
    this.semantic = inner.semantic;
    this.interests = inner.interests;
  }

  evaluate(context: EvaluationContext, scope: Scope): Match[] {
    return this.inner.evaluate(context, scope).length === 0 ? [HOLDS] : [];
  }
}

/** `inside` / `not-inside`: matches of `match` that lie (or do not lie) within a match of `of` in the same file. */
export function inside(match: Matcher, of: Matcher, negate: boolean): Matcher {
  return {
    key: `{"${negate ? 'not-inside' : 'inside'}":{"match":${match.key},"of":${of.key}}}`,
    semantic: match.semantic || of.semantic,
    interests: allInterests([match, of]),
    fileLocal: match.fileLocal === true && of.fileLocal === true,
    // Either way, its matches are some of `match`'s.
    ...(match.candidateFiles ? { candidateFiles: match.candidateFiles.bind(match) } : {}),
    evaluate(context, scope) {
      const containers = new Map<FileFacts, Match[]>();
      for (const container of of.evaluate(context, scope)) {
        if (!container.file || !container.fact) continue;
        const list = containers.get(container.file);
        if (list) list.push(container);
        else containers.set(container.file, [container]);
      }
      return match.evaluate(context, scope).filter((candidate) => {
        if (!candidate.file || !candidate.fact) return false;
        const inner = candidate.fact;
        const within = (containers.get(candidate.file) ?? []).some(({ fact: outer }) => {
          const same =
            outer!.pos === inner.pos && outer!.end === inner.end && outer!.syntaxKind === inner.syntaxKind;
          return !same && outer!.pos <= inner.pos && inner.end <= outer!.end;
        });
        return within !== negate;
      });
    },
  };
}

/** `same-file`: every sub-matcher matches in one file (a `not` holds in a file where its matcher does not match). */
export function sameFile(children: readonly Matcher[]): Matcher {
  return {
    key: keyOf('same-file', children),
    semantic: anySemantic(children),
    interests: allInterests(children),
    evaluate(context, scope) {
      const matchesByFile = (child: Matcher, within: Scope) => {
        const source = child instanceof NotMatcher ? child.inner : child;
        const byFile = new Map<FileFacts, Match[]>();
        for (const m of source.evaluate(context, within)) {
          if (!m.file) continue;
          const list = byFile.get(m.file);
          if (list) list.push(m);
          else byFile.set(m.file, [m]);
        }
        return { negated: child instanceof NotMatcher, byFile };
      };
      // The files where every matcher that must match can (cheaply known, without the type checker): children that
      // look at one file at a time are asked only about those.
      let candidates: Set<FileFacts> | undefined;
      for (const child of children) {
        if (child instanceof NotMatcher || !child.candidateFiles) continue;
        const files = child.candidateFiles(context, scope);
        candidates = candidates ? new Set([...candidates].filter((f) => files.has(f))) : new Set(files);
      }
      const candidateScope = candidates ? narrowTo(scope, candidates, 'candidates') : scope;
      // Children that need the type checker and only look at one file at a time are asked last, and only about the
      // files every other child left: the same matches there, without creating the checker for files that cannot
      // qualify.
      const deferred = (child: Matcher): boolean => {
        const source = child instanceof NotMatcher ? child.inner : child;
        return source.semantic && source.fileLocal === true;
      };
      const local = (child: Matcher): boolean =>
        (child instanceof NotMatcher ? child.inner : child).fileLocal === true;
      const perChild: (ReturnType<typeof matchesByFile> | undefined)[] = children.map((child) =>
        deferred(child) ? undefined : matchesByFile(child, local(child) ? candidateScope : scope),
      );
      const remaining = candidateScope.files.filter((file) =>
        perChild.every((c) => c === undefined || c.byFile.has(file) !== c.negated),
      );
      const narrowed = narrowTo(scope, new Set(remaining), 'same-file');
      children.forEach((child, i) => {
        if (perChild[i] !== undefined) return;
        perChild[i] =
          remaining.length === 0
            ? { negated: child instanceof NotMatcher, byFile: new Map<FileFacts, Match[]>() }
            : matchesByFile(child, narrowed);
      });
      const results = perChild as ReturnType<typeof matchesByFile>[];
      const out: Match[][] = [];
      for (const file of scope.files) {
        const qualifies = results.every(({ negated, byFile }) => byFile.has(file) !== negated);
        if (qualifies)
          for (const { negated, byFile } of results) if (!negated) out.push(byFile.get(file) ?? []);
        if (qualifies && results.every((c) => c.negated)) {
          // Only absences qualify this file: the file itself is the place.
          out.push([
            { file, fact: { file, pos: 0, end: file.text.length, syntaxKind: ts.SyntaxKind.SourceFile } },
          ]);
        }
      }
      return union(out);
    },
  };
}

/** `count`: the number of placed matches is within bounds; reports them (or one file-less match when there are none). */
export function count(match: Matcher, min: number | undefined, max: number | undefined): Matcher {
  return {
    key: `{"count":{"match":${match.key},"min":${min ?? null},"max":${max ?? null}}}`,
    semantic: match.semantic,
    interests: match.interests,
    evaluate(context, scope) {
      const matches = match.evaluate(context, scope).filter(isPlaced);
      const n = matches.length;
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) return [];
      return n === 0 ? [HOLDS] : matches;
    },
  };
}

// `scope` restricted to `files` (kept in scope order); the key names the files so that cached matches stay apart.
function narrowTo(scope: Scope, files: ReadonlySet<FileFacts>, label: string): Scope {
  if (files.size === scope.files.length) return scope;
  const kept = scope.files.filter((file) => files.has(file));
  const members = new Set(kept);
  return {
    files: kept,
    contains: (file) => members.has(file),
    key: `${scope.key}|${label}:${kept.map((f) => f.path).join('\u0000')}`,
  };
}
