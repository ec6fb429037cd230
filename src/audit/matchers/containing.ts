import type { FileFacts } from '../facts/types.js';
import type { Matcher } from './types.js';

/**
 * `containing: { match: m, has: h }`: the matches of `m` that contain (strictly enclose) a match of `h` in the same
 * file; the inverse of `inside`. E.g. the functions that call `process.exit`, so that `not-inside` can leave out
 * what happens in them.
 */
export function containing(match: Matcher, has: Matcher): Matcher {
  return {
    key: `{"containing":{"match":${match.key},"has":${has.key}}}`,
    semantic: match.semantic || has.semantic,
    interests: [...match.interests, ...has.interests],
    evaluate(context, scope) {
      const inner = new Map<FileFacts, { pos: number; end: number; syntaxKind: number }[]>();
      for (const m of has.evaluate(context, scope)) {
        if (!m.file || !m.fact) continue;
        const list = inner.get(m.file);
        if (list) list.push(m.fact);
        else inner.set(m.file, [m.fact]);
      }
      return match.evaluate(context, scope).filter((candidate) => {
        if (!candidate.file || !candidate.fact) return false;
        const outer = candidate.fact;
        return (inner.get(candidate.file) ?? []).some(
          (f) =>
            !(f.pos === outer.pos && f.end === outer.end && f.syntaxKind === outer.syntaxKind) &&
            outer.pos <= f.pos &&
            f.end <= outer.end,
        );
      });
    },
  };
}
