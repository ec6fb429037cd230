import type {
  CapabilityResult,
  Evidence,
  SafeguardResult,
  Scorecard,
  ViolationRef,
} from '../audit/scorecard.js';
import { formatMeasured, type BenchReport } from './bench.js';
import { performanceStory, type PerformanceStory } from './performance.js';
import {
  SECURITY_CAPABILITIES,
  isProductionReady,
  keyFiles,
  locationText,
  scoreText,
  statusLabel,
} from './capability-facts.js';
import { formatPercent, type CoverageSummary } from './coverage.js';
import { findingOf } from './findings.js';
import { docsLink } from './docs-link.js';
import { withRepoPaths } from './repo-path.js';
import { scopeView, type ScopeView } from './scope-view.js';
import { OWASP_MCP } from './taxonomies.js';
import { mdCode, mdCodeBlock, mdText, truncate } from './markdown-text.js';

/** Data given to the implementation-summary templates: every string already escaped for Markdown. */
export interface SummaryView {
  title: string;
  toolLine: string;
  generatedAt: string | null;
  executive: string[];
  capabilityRows: string[][];
  overallLine: string;
  capabilities: CapabilityView[];
  security: { rows: string[][]; controls: string[]; gaps: string[]; findings: FindingView[] };
  limitations: string[];
  coverage: { rows: string[][]; overall: string } | null;
  performance: { runs: { name: string; story?: PerformanceStory; tables: BenchTable[] }[] } | null;
  baseline: {
    overallLine: string;
    rows: string[][];
    newViolations: string[];
    fixedViolations: string[];
  } | null;
  scope: ScopeView | null;
  notes: { fingerprint: string; diagnostics: string[]; diagnosticsMore: number; suppressions: string[] };
}

/** Benchmark values sharing the same keys, one row per measured object (e.g. one row per server and method). */
interface BenchTable {
  header: string[];
  separator: string[];
  rows: string[][];
}

/** One violated safeguard in the findings list: what is wrong, then where, each place with its taint path. */
interface FindingView {
  head: string;
  places: { place: string; steps: string[] }[];
  more: number;
}

interface CapabilityView {
  heading: string;
  summary: string;
  scoreLine: string;
  safeguardRows: string[][];
  keyFiles: string[];
  examples: { title: string; location: string; code: string }[];
}

/** Options that change how links are written. */
export interface SummaryOptions {
  coverage?: CoverageSummary;
  bench?: BenchReport;
  docsBaseUrl?: string;
}

const MAX_DIAGNOSTICS = 20;
const MAX_LOCATIONS = 5;
const SNIPPET_IN_TABLE = 80;

/** Build the view of IMPLEMENTATION_SUMMARY.md from a scorecard and the measured extras that were given. */
export function summaryView(audited: Scorecard, options: SummaryOptions = {}): SummaryView {
  // Stakeholders read paths from the repository root, as code scanning shows them.
  const scorecard = withRepoPaths(audited);
  const docs = (safeguard: SafeguardResult): string => {
    const link = docsLink(safeguard.docs, options.docsBaseUrl);
    return link ? `[docs](${link})` : safeguard.docs ? mdCode(safeguard.docs) : '';
  };
  return {
    title: 'MCP Implementation Summary',
    toolLine:
      `Audited with ${mdText(scorecard.tool.name)} ${mdText(scorecard.tool.version)}: ` +
      `${scorecard.files.audited} files, ${scorecard.files.lines} lines.`,
    generatedAt: scorecard.generatedAt ?? null,
    executive: executiveSummary(scorecard),
    capabilityRows: scorecard.capabilities.map((c) => [
      `${mdText(c.title)} (${mdCode(c.id, true)})`,
      statusLabel(c.status),
      scoreText(c),
      `${c.threshold}%`,
      readiness(c),
    ]),
    overallLine:
      `**Overall:** ${scorecard.overall.passing}/${scorecard.overall.total} capabilities at or above their ` +
      `threshold; average safeguard score ${scorecard.overall.score}%; gate **${scorecard.overall.gate}** ` +
      `(mode \`${scorecard.overall.gateMode}\`).`,
    capabilities: scorecard.capabilities.map((c) => capabilityView(c, docs)),
    security: securityView(scorecard),
    limitations: limitations(scorecard, docs),
    coverage: options.coverage ? coverageView(options.coverage) : null,
    performance: options.bench ? performanceView(options.bench) : null,
    baseline: scorecard.baseline ? baselineView(scorecard) : null,
    scope: scopeView(audited),
    notes: {
      fingerprint: `rules ${mdCode(scorecard.fingerprint.rules)}, sources ${mdCode(scorecard.fingerprint.sources)}`,
      diagnostics: scorecard.diagnostics.slice(0, MAX_DIAGNOSTICS).map((d) => {
        const where = d.file ? ` ${mdCode(d.line ? `${d.file}:${d.line}` : d.file)}` : '';
        return `${d.severity} ${mdCode(d.code)}${where}: ${mdText(d.message)}`;
      }),
      diagnosticsMore: Math.max(0, scorecard.diagnostics.length - MAX_DIAGNOSTICS),
      suppressions: scorecard.suppressions.map(
        (s) => `${mdCode(s.safeguard)} at ${mdCode(`${s.file}:${s.line}`)}: ${mdText(s.reason)}`,
      ),
    },
  };
}

function executiveSummary(scorecard: Scorecard): string[] {
  const { overall } = scorecard;
  const applicable = scorecard.capabilities.filter((c) => c.score !== null);
  const inconclusive = scorecard.capabilities
    .filter((c) => c.status === 'inconclusive')
    .map((c) => mdCode(c.id));
  const ready = applicable.filter(isProductionReady).length;
  const violations = scorecard.capabilities
    .flatMap((c) => c.safeguards)
    .filter((s) => s.result === 'violated');
  const below = applicable.filter((c) => (c.score ?? 0) < c.threshold).map((c) => mdCode(c.id));
  const lines = [
    `**Gate: ${overall.gate === 'pass' ? '✅ PASS' : '❌ FAIL'}** (mode \`${overall.gateMode}\`, threshold ` +
      `${scorecard.threshold}%). ${overall.passing} of ${overall.total} capabilities meet their threshold; ` +
      `the average safeguard score is ${overall.score}%.`,
    `${ready} of ${applicable.length} capabilities are production ready (threshold met and no violated safeguard).`,
  ];
  if (below.length > 0) lines.push(`Below threshold: ${below.join(', ')}.`);
  if (inconclusive.length > 0) {
    lines.push(
      `Inconclusive (files that could hold the evidence were not analysed; the gate ` +
        `${overall.allowInconclusive ? 'allows this' : 'fails on it'}): ${inconclusive.join(', ')}.`,
    );
  }
  lines.push(
    violations.length === 0
      ? 'No violation safeguard (security anti-pattern) was found in the audited code.'
      : `${violations.length} violation safeguard${violations.length === 1 ? ' is' : 's are'} violated ` +
          `(${violations.reduce((n, s) => n + s.evidence.length, 0)} locations); see Known limitations.`,
  );
  if (scorecard.baseline) {
    const b = scorecard.baseline;
    lines.push(
      `Against the baseline the average moved from ${b.overallBefore}% to ${overall.score}% ` +
        `(${signed(b.overallDelta)}); ${b.newViolations.length} new and ${b.fixedViolations.length} fixed ` +
        `violation locations.`,
    );
  }
  return lines;
}

function readiness(capability: CapabilityResult): string {
  if (capability.score === null) return scoreText(capability);
  if (isProductionReady(capability)) return '✅ Yes';
  const violated = capability.safeguards.filter((s) => s.result === 'violated').length;
  if (capability.status === 'present') return `❌ No (${violated} violated)`;
  return '❌ No';
}

function capabilityView(capability: CapabilityResult, docs: (s: SafeguardResult) => string): CapabilityView {
  const examples = capability.safeguards
    .filter((s) => s.result === 'satisfied' && s.kind === 'requirement')
    .map((s) => ({ safeguard: s, evidence: s.evidence.find((e) => e.file !== '') }))
    .filter((x) => x.evidence !== undefined)
    .slice(0, 3)
    .map(({ safeguard, evidence }) => ({
      title: mdText(safeguard.title),
      location: `${mdCode(locationText(evidence!))}${frameworkBecause(evidence!)}`,
      code: mdCodeBlock(evidence!.snippet, 'ts'),
    }));
  return {
    heading: `${mdText(capability.title)} (${mdCode(capability.id)})`,
    summary: mdText(capability.summary),
    scoreLine:
      capability.score === null
        ? `${statusLabel(capability.status)}: ${mdText(capability.reason ?? '')}.`
        : `Safeguard score **${capability.score}%** (threshold ${capability.threshold}%): ${statusLabel(capability.status)}.`,
    safeguardRows: capability.safeguards.map((s) => [
      `${mdText(s.title)} (${mdCode(s.id, true)})`,
      s.kind,
      String(s.weight),
      outcomeLabel(s),
      evidenceCell(s),
      docs(s).replace(/\|/g, '\\|'),
    ]),
    keyFiles: keyFiles(capability).map(
      (k) => `${mdCode(k.file)} (${k.matches} match${k.matches === 1 ? '' : 'es'})`,
    ),
    examples,
  };
}

function outcomeLabel(safeguard: SafeguardResult): string {
  switch (safeguard.result) {
    case 'satisfied':
      return '✅ satisfied';
    case 'missing':
      return '❌ missing';
    case 'violated':
      return `❌ violated (${safeguard.evidence.length})`;
    case 'not-applicable':
      return '➖ n/a';
  }
}

function evidenceCell(safeguard: SafeguardResult): string {
  const first = safeguard.evidence.find((e) => e.file !== '');
  if (!first) return '';
  const more = safeguard.evidence.filter((e) => e.file !== '').length - 1;
  const snippet = mdCode(truncate(first.snippet, SNIPPET_IN_TABLE), true);
  return `${mdCode(locationText(first), true)} ${snippet}${frameworkNote(first)}${more > 0 ? ` (+${more} more)` : ''}`;
}

// In the examples: which framework does the work, and what it does.
function frameworkBecause(evidence: Evidence): string {
  const f = evidence.framework;
  return f ? ` (${mdText(f.name)} ${mdCode(`${f.package} ${f.version}`)}: ${mdText(f.because)})` : '';
}

// The framework fact behind a credited line: the line uses the framework; the framework does the work.
function frameworkNote(evidence: Evidence): string {
  const f = evidence.framework;
  return f ? ` (framework: ${mdText(f.name)}, ${mdCode(`${f.package} ${f.version}`, true)})` : '';
}

function securityView(scorecard: Scorecard): SummaryView['security'] {
  const security = scorecard.capabilities.filter((c) =>
    (SECURITY_CAPABILITIES as readonly string[]).includes(c.id),
  );
  const controls: string[] = [];
  const gaps: string[] = [];
  for (const capability of security) {
    for (const s of capability.safeguards) {
      const first = s.evidence.find((e) => e.file !== '');
      if (s.result === 'satisfied' && s.kind === 'requirement') {
        controls.push(`✅ ${mdText(s.title)}${first ? ` (${mdCode(locationText(first))})` : ''}`);
      } else if (s.result === 'missing' || s.result === 'violated') {
        gaps.push(`❌ ${mdText(s.title)} (${mdCode(s.id)}, ${s.result})`);
      }
    }
  }
  const findings = scorecard.capabilities.flatMap((c) =>
    c.safeguards.filter((s) => s.result === 'violated').map(findingView),
  );
  return {
    rows: security.map((c) => [
      `${mdText(c.title)} (${mdCode(c.id, true)})`,
      statusLabel(c.status),
      scoreText(c),
      readiness(c),
    ]),
    controls,
    gaps,
    findings,
  };
}

function findingView(safeguard: SafeguardResult): FindingView {
  const finding = findingOf(safeguard);
  const classes = [
    ...finding.cwe,
    ...finding.owaspMcp.map((id) => `${id} ${OWASP_MCP.names[id] ?? ''}`.trim()),
  ].map((text) => mdText(text));
  const located = safeguard.evidence.filter((e) => e.file !== '');
  const shown = located.slice(0, MAX_LOCATIONS);
  return {
    head:
      `**${finding.severity}** ${mdText(finding.message)} (${mdCode(safeguard.id)}` +
      `${classes.length > 0 ? `, ${classes.join(', ')}` : ''}; confidence ${finding.confidence})`,
    places: shown.map((e) => ({
      place: mdCode(locationText(e)),
      steps: (e.path ?? []).map((step, i) => `${i + 1}. ${mdCode(locationText(step))} ${mdText(step.note)}`),
    })),
    more: located.length - shown.length,
  };
}

function locations(safeguard: SafeguardResult): string {
  const located = safeguard.evidence.filter((e) => e.file !== '');
  const shown = located.slice(0, MAX_LOCATIONS).map((e) => mdCode(locationText(e)));
  const more = located.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function limitations(scorecard: Scorecard, docs: (s: SafeguardResult) => string): string[] {
  const items: string[] = [];
  for (const capability of scorecard.capabilities) {
    const open = capability.safeguards
      .filter((s) => s.result === 'missing' || s.result === 'violated')
      .sort((a, b) => b.weight - a.weight);
    for (const s of open) {
      const where = s.result === 'violated' ? ` at ${locations(s)}` : '';
      const link = docs(s);
      items.push(
        `**${mdText(capability.title)}**: ${mdText(s.title)} (${mdCode(s.id)}, weight ${s.weight}, ${s.result}${where}). ` +
          `${mdText(s.rationale)}${link ? ` ${link}` : ''}`,
      );
    }
  }
  return items;
}

function coverageView(coverage: CoverageSummary): NonNullable<SummaryView['coverage']> {
  const row = (r: CoverageSummary['total'], name: string): string[] => [
    name,
    formatPercent(r.statements),
    formatPercent(r.branches),
    formatPercent(r.functions),
    formatPercent(r.lines),
  ];
  return {
    rows: coverage.components.map((c) => row(c, mdCode(c.component, true))),
    overall:
      `**Overall:** statements ${formatPercent(coverage.total.statements)}, branches ` +
      `${formatPercent(coverage.total.branches)}, functions ${formatPercent(coverage.total.functions)}, lines ` +
      `${formatPercent(coverage.total.lines)} (${coverage.total.lines.covered}/${coverage.total.lines.total} lines).`,
  };
}

// A benchmark we know is told in words and one table; any other is laid out as it was measured.
function performanceView(bench: BenchReport): NonNullable<SummaryView['performance']> {
  return {
    runs: bench.runs.map((run) => {
      const story = performanceStory(run.data);
      return story
        ? { name: mdText(run.name), story, tables: [] }
        : { name: mdText(run.name), tables: benchTables(run.metrics) };
    }),
  };
}

/**
 * Lay out flattened benchmark metrics as tables: a metric `results.ours.tools/call.reqPerSec` is the `reqPerSec`
 * column of the row `results.ours.tools/call`; rows with the same columns share a table, in printed order.
 */
function benchTables(metrics: BenchReport['runs'][number]['metrics']): BenchTable[] {
  const rows = new Map<string, Map<string, string>>();
  for (const metric of metrics) {
    const cut = metric.name.lastIndexOf('.');
    const row = cut === -1 ? '' : metric.name.slice(0, cut);
    const column = cut === -1 ? metric.name : metric.name.slice(cut + 1);
    const cells = rows.get(row) ?? new Map<string, string>();
    cells.set(column, mdText(formatMeasured(metric.value)));
    rows.set(row, cells);
  }
  const tables = new Map<string, BenchTable>();
  for (const [row, cells] of rows) {
    const columns = [...cells.keys()];
    const signature = columns.join('\u0000');
    const table = tables.get(signature) ?? {
      header: ['Measurement', ...columns.map((c) => mdCode(c, true))],
      separator: ['---', ...columns.map(() => '---:')],
      rows: [],
    };
    table.rows.push([row === '' ? '(top level)' : mdCode(row, true), ...cells.values()]);
    tables.set(signature, table);
  }
  return [...tables.values()];
}

function baselineView(scorecard: Scorecard): NonNullable<SummaryView['baseline']> {
  const b = scorecard.baseline!;
  const ref = (v: ViolationRef): string =>
    `${mdCode(v.safeguard)} at ${mdCode(`${v.file}:${v.line}`)}: ${mdCode(truncate(v.snippet, 120))}`;
  return {
    overallLine:
      `Average safeguard score ${b.overallBefore}% → ${scorecard.overall.score}% (${signed(b.overallDelta)})` +
      `${b.regressed ? '; **some capability regressed**' : ''}.`,
    rows: b.capabilities.map((d) => [
      mdCode(d.id, true),
      d.before === null ? 'new' : `${d.before}%`,
      `${d.after}%`,
      d.before === null ? '' : signed(d.delta),
    ]),
    newViolations: b.newViolations.map(ref),
    fixedViolations: b.fixedViolations.map(ref),
  };
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
