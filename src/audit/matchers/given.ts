import type { FileFacts } from '../facts/types.js';
import type { Match, Matcher } from './types.js';

/**
 * `given: { match, has, in }`: the matches of `match`, provided `has` matches too, in the same file (`in: file`, the
 * default) or anywhere in the scope (`in: project`). Only `match` is reported: the condition says where a line counts
 * (the drain of an HTTP server's close, a stdin reader of a JSON-RPC server) without being evidence itself.
 */
export function given(match: Matcher, has: Matcher, within: 'file' | 'project'): Matcher {
  return {
    key: `{"given":{"match":${match.key},"has":${has.key},"in":"${within}"}}`,
    semantic: match.semantic || has.semantic,
    interests: [...match.interests, ...has.interests],
    evaluate(context, scope) {
      const matches = match.evaluate(context, scope);
      if (matches.length === 0) return [];
      const condition = has.evaluate(context, scope);
      if (within === 'project') return condition.length > 0 ? matches : [];
      const files = new Set<FileFacts>(condition.flatMap((m) => (m.file ? [m.file] : [])));
      return matches.filter((m: Match) => m.file !== undefined && files.has(m.file));
    },
  };
}
