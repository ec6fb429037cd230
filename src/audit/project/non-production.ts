import picomatch from 'picomatch';
import type { ExclusionReason } from './exclusion.js';

/** A kind of file that lives beside a server's code without being the server. */
export interface NonProductionKind {
  reason: ExclusionReason;
  /** Globs over paths relative to the audited root. */
  globs: readonly string[];
  /** Why it is left out by default (docs/scope.md says the same). */
  why: string;
}

/**
 * What the audit leaves out by default, tried in this order (a fixture folder inside tests is a test). Scores
 * describe the server that runs: a test that calls `eval` or a script without rate limiting says nothing about it.
 * `--include GLOB` (or `include:` in the config) brings any of these back.
 */
export const NON_PRODUCTION: readonly NonProductionKind[] = [
  {
    reason: 'test',
    // Also folders whose name says so as one of its words: test-servers/, smoke-tests/, mcp-server-evals/.
    globs: [
      '**/*.test.*',
      '**/*.spec.*',
      '**/__tests__/**',
      '**/{test,tests,e2e,evals}/**',
      '**/{test,tests,e2e,evals}[-_]*/**',
      '**/*[-_]{test,tests,e2e,evals}/**',
      // The test runner's setup files (vitest setupFiles, jest setupFilesAfterEach) run only under the runner.
      '**/{test-setup,test.setup,setupTests,setup-tests,vitest.setup,jest.setup}.*',
    ],
    why: 'tests exercise the server; they are not part of it',
  },
  {
    reason: 'mock',
    globs: [
      '**/__mocks__/**',
      '**/mocks/**',
      '**/*.mock.*',
      '**/{mock,mocks}[-_]*/**',
      '**/*[-_]{mock,mocks}/**',
    ],
    why: 'mocks stand in for real code during tests',
  },
  {
    reason: 'fixture',
    globs: ['**/fixtures/**', '**/__fixtures__/**'],
    why: 'fixtures are test inputs, often deliberately unsafe',
  },
  {
    reason: 'example',
    globs: ['**/example/**', '**/examples/**'],
    why: 'examples show how to use the code and do not ship as the server',
  },
  {
    reason: 'script',
    globs: ['**/scripts/**'],
    why: 'build, release and maintenance scripts run on developer machines or in CI',
  },
  {
    reason: 'story',
    globs: ['**/*.stories.*', '**/.storybook/**', '**/stories/**'],
    why: 'Storybook stories render UI components in isolation',
  },
  {
    reason: 'benchmark',
    globs: ['**/bench/**', '**/benchmarks/**', '**/*.bench.*'],
    why: 'benchmarks measure the code; they do not serve requests',
  },
  {
    reason: 'tool-config',
    globs: ['{vitest,vite,jest,eslint,prettier,rollup,webpack,tsup,babel,playwright}.config.*'],
    why: "a development tool's configuration at the root of the project",
  },
];

// Compiled on first use: a single-file audit never needs them.
let matchers: { reason: ExclusionReason; matches: (file: string) => boolean }[] | undefined;

/** The reason `file` (relative to the audited root) is not production code, or undefined when it is. */
export function nonProductionReason(file: string): ExclusionReason | undefined {
  matchers ??= NON_PRODUCTION.map((kind) => ({
    reason: kind.reason,
    matches: picomatch([...kind.globs], { dot: true }),
  }));
  return matchers.find((m) => m.matches(file))?.reason;
}

/** A dot file, or a file inside a dot folder (`.github/`, `.husky/`, `.yarn/`): tool state, not the server. */
export function isHidden(file: string): boolean {
  return file.startsWith('.') || file.includes('/.');
}
