import { describe, expect, test } from 'vitest';
import { compareWithBaseline, render } from '../../src/report/index.js';
import type { CoverageSummary, BenchReport } from '../../src/report/index.js';
import { sampleScorecard } from './sample-scorecard.js';

const headings = (md: string) => md.split('\n').filter((line) => line.startsWith('## '));
const section = (md: string, heading: string) => {
  const start = md.indexOf(`## ${heading}\n`);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end === -1 ? undefined : end);
};

const coverage: CoverageSummary = {
  total: {
    component: 'total',
    statements: { covered: 870, total: 1000 },
    branches: { covered: 300, total: 400 },
    functions: { covered: 90, total: 100 },
    lines: { covered: 801, total: 900 },
  },
  components: [
    {
      component: 'src/runtime/auth',
      statements: { covered: 87, total: 100 },
      branches: { covered: 30, total: 40 },
      functions: { covered: 9, total: 10 },
      lines: { covered: 80, total: 90 },
    },
  ],
};
const bench: BenchReport = {
  runs: [
    {
      name: 'bench-runtime',
      metrics: [
        { name: 'settings.connections', value: 10 },
        { name: 'results.bare.tools/call.reqPerSec', value: 10450 },
        { name: 'results.bare.tools/call.p99Ms', value: 3 },
        { name: 'results.full.tools/call.reqPerSec', value: 9020.25 },
        { name: 'results.full.tools/call.p99Ms', value: 4 },
        { name: 'ratio', value: 0.863 },
      ],
    },
  ],
};

describe('implementation summary (Markdown)', () => {
  test('has the seed sections in order and nothing measured that was not given', () => {
    expect(headings(render('md', sampleScorecard()))).toEqual([
      '## Executive summary',
      '## Capability status',
      '## Capabilities',
      '## Security posture',
      '## Known limitations',
      '## What was audited',
      '## Audit notes',
    ]);
  });

  test('the capability table gives status, safeguard score, threshold and production readiness', () => {
    const table = section(render('md', sampleScorecard()), 'Capability status');
    expect(table).toContain(
      '| Authentication and authorization (`mcp-authz-authn`) | ✅ present | 80% | 70% | ✅ Yes |',
    );
    expect(table).toContain('| Rate limiting (`mcp-rate-limiting`) | ⚠️ partial | 25% | 70% | ❌ No |');
  });

  test('a capability over its threshold but with a violated safeguard is not production ready', () => {
    const scorecard = sampleScorecard();
    Object.assign(scorecard.capabilities[2]!, { score: 75, status: 'present' });
    expect(render('md', scorecard)).toContain(
      '| Rate limiting (`mcp-rate-limiting`) | ✅ present | 75% | 70% | ❌ No (1 violated) |',
    );
  });

  test('an inconclusive capability shows ? for its score and readiness, its reason, and that the gate fails on it', () => {
    const md = render('md', withInconclusiveContext(false));
    expect(section(md, 'Capability status')).toContain(
      '| Context management (`mcp-context`) | ❔ inconclusive | ? | 70% | ? |',
    );
    expect(section(md, 'Executive summary')).toContain(
      'Inconclusive (files that could hold the evidence were not analysed; the gate fails on it): `mcp-context`.',
    );
    expect(section(md, 'Capabilities')).toContain(
      '❔ inconclusive: core evidence is missing and 1 file was not analysed (src/tenant.ts).',
    );
    expect(section(md, 'Security posture')).toContain(
      '| Context management (`mcp-context`) | ❔ inconclusive | ? | ? |',
    );
  });

  test('an allowed inconclusive capability is still shown, and the summary says the gate allows it', () => {
    const summary = section(render('md', withInconclusiveContext(true)), 'Executive summary');
    expect(summary).toContain('**Gate: ✅ PASS**');
    expect(summary).toContain(
      'Inconclusive (files that could hold the evidence were not analysed; the gate allows this): `mcp-context`.',
    );
  });

  test('a not-applicable capability shows n/a and its reason, and no inconclusive line', () => {
    const scorecard = sampleScorecard();
    Object.assign(scorecard.capabilities[0]!, {
      score: null,
      status: 'not-applicable',
      reason: 'the only transport is stdio',
    });
    const md = render('md', scorecard);
    expect(md).toContain(
      '| Authentication and authorization (`mcp-authz-authn`) | ➖ not applicable | n/a | 70% | n/a |',
    );
    expect(section(md, 'Capabilities')).toContain('➖ not applicable: the only transport is stdio.');
    expect(md).not.toContain('Inconclusive');
  });

  test('the executive summary states the gate and the average score', () => {
    const summary = section(render('md', sampleScorecard()), 'Executive summary');
    expect(summary).toContain('**Gate: ❌ FAIL**');
    expect(summary).toContain(
      '1 of 3 capabilities meet their threshold; the average safeguard score is 35%.',
    );
  });

  test('lists key files and an example per capability from evidence', () => {
    const capabilities = section(render('md', sampleScorecard()), 'Capabilities');
    expect(capabilities).toContain('- `src/auth/api-keys.ts` (2 matches)');
    expect(capabilities).toContain("  const digest = createHash('sha256').update(key).digest('hex');");
  });

  test('security posture lists controls in place and violated anti-patterns with their locations', () => {
    const security = section(render('md', sampleScorecard()), 'Security posture');
    expect(security).toContain('- ✅ API keys are stored as digests (`src/auth/api-keys.ts:12`)');
    expect(security).toContain(
      '- **error** Tool input reaches a shell command (`no-exec-from-arguments`, CWE-78, MCP05:2025 Command ' +
        'Injection & Execution; confidence high)\n  - at `src/tools/shell.ts:9`\n',
    );
    expect(security).toContain('  - at `src/tools/shell.ts:15`\n');
  });

  test('a taint path is listed under its finding, one step per line with its note, source first', () => {
    const security = section(render('md', sampleScorecard()), 'Security posture');
    expect(security).toContain(
      [
        '  - at `src/tools/shell.ts:9`',
        '    1. `src/server.ts:30` tool argument \\`args\\` enters',
        '    2. `src/tools/shell.ts:8` passed to listDir() as \\`args\\`',
        '    3. `src/tools/shell.ts:9` \\`args.dir\\` reaches exec()',
        '  - at `src/tools/shell.ts:15`',
      ].join('\n'),
    );
  });

  test('taint path steps are shown from the repository root when the audited folder is known', () => {
    const security = section(
      render('md', { ...sampleScorecard(), root: 'packages/server' }),
      'Security posture',
    );
    expect(security).toContain('    1. `packages/server/src/server.ts:30` tool argument');
  });

  test('known limitations come from missing and violated safeguards, heaviest first', () => {
    const limitations = section(render('md', sampleScorecard()), 'Known limitations');
    const rate = limitations.split('\n').filter((l) => l.startsWith('- **Rate limiting**'));
    expect(rate.map((l) => /\(`([a-z-]+)`/.exec(l)![1])).toEqual([
      'limit-before-execution',
      'no-unbounded-retry-loop',
    ]);
  });

  test('the coverage table appears only when coverage is given, with the measured figures', () => {
    const md = render('md', sampleScorecard(), { coverage });
    expect(headings(md)).toContain('## Test coverage');
    expect(section(md, 'Test coverage')).toContain('| `src/runtime/auth` | 87.0% | 75.0% | 90.0% | 88.9% |');
    expect(section(md, 'Test coverage')).toContain('lines 89.0% (801/900 lines)');
  });

  test('the performance section appears only when benchmark results are given', () => {
    expect(headings(render('md', sampleScorecard(), { bench }))).toContain('## Performance');
    expect(headings(render('md', sampleScorecard()))).not.toContain('## Performance');
  });

  test('benchmark values with the same keys form one table, a row per measured object', () => {
    const performance = section(render('md', sampleScorecard(), { bench }), 'Performance');
    expect(performance).toContain(
      [
        '| Measurement | `reqPerSec` | `p99Ms` |',
        '| --- | ---: | ---: |',
        '| `results.bare.tools/call` | 10450 | 3 |',
        '| `results.full.tools/call` | 9020.25 | 4 |',
      ].join('\n'),
    );
    expect(performance).toContain('| Measurement | `ratio` |\n| --- | ---: |\n| (top level) | 0.863 |');
  });

  test('with a baseline, shows the change per capability and the new violations', () => {
    const baseline = sampleScorecard();
    baseline.capabilities[2]!.score = 60;
    baseline.capabilities[1]!.safeguards[1]!.evidence.pop();
    const current = sampleScorecard();
    current.baseline = compareWithBaseline(current, baseline);
    const change = section(render('md', current), 'Change since the baseline');
    expect(change).toContain('| `mcp-rate-limiting` | 60% | 25% | -35 |');
    expect(change).toContain('New violations (1):');
    expect(change).toContain('- `no-exec-from-arguments` at `src/tools/shell.ts:15`');
  });

  test('links docs anchors when a docs base is given and shows the path otherwise', () => {
    expect(render('md', sampleScorecard(), { docsBaseUrl: '../' })).toContain(
      '[docs](../docs/capabilities/mcp-authz-authn.md#jwt-audience-checked)',
    );
    expect(render('md', sampleScorecard())).toContain(
      '`docs/capabilities/mcp-authz-authn.md#jwt-audience-checked`',
    );
  });

  test('text from rule files cannot inject HTML or break tables', () => {
    const scorecard = sampleScorecard();
    scorecard.capabilities[0]!.safeguards[0]!.title = 'Keys <IMPORTANT> | hashed';
    scorecard.capabilities[0]!.safeguards[0]!.evidence[0]!.snippet = 'a || b';
    const md = render('md', scorecard);
    expect(md).toContain('Keys \\<IMPORTANT\\> \\| hashed');
    expect(md).toContain('`a \\|\\| b`');
  });

  test('renders byte-identical output for the same inputs, with one trailing newline', () => {
    const md = render('md', sampleScorecard(), { coverage, bench });
    expect(render('md', sampleScorecard(), { coverage, bench })).toBe(md);
    expect(md.endsWith('\n')).toBe(true);
    expect(md.endsWith('\n\n')).toBe(false);
    expect(md).not.toMatch(/\n\n\n/);
  });
});

/** The sample with mcp-context inconclusive, as the engine leaves it (no score, a reason, out of the mean). */
function withInconclusiveContext(allowInconclusive: boolean) {
  const scorecard = sampleScorecard();
  Object.assign(scorecard.capabilities[1]!, {
    score: null,
    status: 'inconclusive',
    reason: 'core evidence is missing and 1 file was not analysed (src/tenant.ts)',
  });
  scorecard.capabilities[0]!.score = 90;
  scorecard.capabilities[2]!.score = 70;
  scorecard.capabilities[2]!.status = 'present';
  // The rest passes; only the inconclusive capability can fail the gate.
  scorecard.overall = {
    ...scorecard.overall,
    score: 80,
    passing: 2,
    total: 2,
    inconclusive: 1,
    allowInconclusive,
    gate: allowInconclusive ? 'pass' : 'fail',
  };
  return scorecard;
}

describe('implementation summary paths', () => {
  test('evidence paths are shown from the repository root when the audited folder is known', () => {
    const md = render('md', { ...sampleScorecard(), root: 'packages/server' });
    expect(md).toContain('- `packages/server/src/auth/api-keys.ts` (2 matches)');
    expect(md).not.toContain('- `src/auth/api-keys.ts`');
  });
});
