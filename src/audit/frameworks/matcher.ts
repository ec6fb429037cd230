import type { Matcher } from '../matchers/types.js';
import type { FrameworkCredit } from './credit.js';
import type { FrameworkFact } from './types.js';

/**
 * The evidence a framework fact adds to its safeguard: the places where the server uses the framework, each carrying
 * the framework, package and version, and only when the audited project depends on the package in the fact's range.
 */
export function frameworkMatcher(fact: FrameworkFact): Matcher {
  return {
    key: JSON.stringify({
      framework: fact.framework,
      package: fact.package,
      versions: fact.versions,
      where: JSON.parse(fact.where.key) as unknown,
    }),
    semantic: fact.where.semantic,
    interests: fact.where.interests,
    evaluate(context, scope) {
      const version = context.dependencies.versionIn(fact.package, fact.versions);
      if (version === undefined) return [];
      const credit: FrameworkCredit = {
        framework: fact.framework,
        title: fact.title,
        package: fact.package,
        version,
        because: fact.because,
      };
      return fact.where.evaluate(context, scope).map((match) => ({ ...match, framework: credit }));
    },
  };
}
