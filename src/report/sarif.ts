import { createHash } from 'node:crypto';
import type { CapabilityResult, Evidence, FlowStep, SafeguardResult, Scorecard } from '../audit/scorecard.js';
import { canonicalJson } from './canonical-json.js';
import { docsUri } from './docs-link.js';
import { findingOf, findingsOf, problemAndRemedy, remedyOf, type LocatedFinding } from './findings.js';
import { mdCode, mdText } from './markdown-text.js';
import { repoPath } from './repo-path.js';
import { sentence } from './sentence.js';
import { CWE, OWASP_MCP, type Taxonomy } from './taxonomies.js';
import { violationKey } from './violations.js';

/** How SARIF locations and help links are written. */
export interface SarifOptions {
  /** Absolute base URL for rule help links (`helpUri`); without one, the docs path goes into the help text only. */
  docsBaseUrl?: string;
}

/** The base a consumer resolves our relative URIs against: the repository root (GitHub code scanning knows it). */
const SRCROOT = '%SRCROOT%';
const FINGERPRINT_KEY = 'mcpSafeguard/v1';
/** GitHub code scanning reads `security-severity` (0.1-10, CVSS-like bands) to rank security alerts. */
const SECURITY_SEVERITY = { error: '8.0', warning: '5.0', note: '2.0' } as const;
/** The taxonomies in `run.taxonomies` order, with how a finding cites each. */
const TAXONOMIES: { taxonomy: Taxonomy; ids: (safeguard: SafeguardResult) => string[] }[] = [
  { taxonomy: CWE, ids: (s) => findingOf(s).cwe },
  { taxonomy: OWASP_MCP, ids: (s) => findingOf(s).owaspMcp },
];

/**
 * Render a scorecard as SARIF 2.1.0 for code scanning: one rule per violation safeguard, one result per located
 * finding (with its taint path as a code flow), CWE and OWASP MCP Top 10 as taxonomies. Unmet requirements have no
 * place in the code, so they are listed in the run's properties instead of being pinned to some line. Paths are
 * relative to the repository root (the scorecard's `root` prefix joined with each evidence path).
 */
export function renderSarif(scorecard: Scorecard, options: SarifOptions = {}): string {
  const violations = scorecard.capabilities.flatMap((capability) =>
    capability.safeguards
      .filter((s) => s.kind === 'violation')
      .map((safeguard) => ({ capability, safeguard })),
  );
  const ruleIndex = new Map(violations.map(({ safeguard }, index) => [safeguard.id, index]));
  const taxonomies = TAXONOMIES.map(({ taxonomy, ids }) => ({
    taxonomy,
    ids,
    cited: [...new Set(violations.flatMap(({ safeguard }) => ids(safeguard)))].sort(compareTaxon),
  })).filter((t) => t.cited.length > 0);
  // A reference from a rule or result to a taxon: its id, its index in the taxonomy and the taxonomy's index.
  const taxonRefs = (safeguard: SafeguardResult): unknown[] =>
    taxonomies.flatMap(({ taxonomy, ids, cited }, component) =>
      ids(safeguard).map((id) => ({
        id,
        index: cited.indexOf(id),
        toolComponent: { name: taxonomy.name, index: component },
      })),
    );
  const uri = (file: string): string => toRepoUri(scorecard.root, file);

  const results = resultsOf(scorecard).map(({ located, fingerprint, baselineState }) => ({
    ruleId: located.safeguard.id,
    ruleIndex: ruleIndex.get(located.safeguard.id)!,
    kind: 'fail',
    level: located.finding.severity,
    // The problem, then how to fix it: the alert is read where it is raised, often without opening the rule's help.
    message: { text: problemAndRemedy(located) },
    locations: [{ physicalLocation: physicalLocation(located.evidence, uri) }],
    ...(located.evidence.path && located.evidence.path.length > 0
      ? { codeFlows: [codeFlow(located.evidence.path, uri)] }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    ...(baselineState ? { baselineState } : {}),
    ...(located.finding.cwe.length + located.finding.owaspMcp.length > 0
      ? { taxa: taxonRefs(located.safeguard) }
      : {}),
    properties: { capability: located.capability.id },
  }));

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: scorecard.tool.name,
            version: scorecard.tool.version,
            semanticVersion: scorecard.tool.version,
            informationUri: informationUri(scorecard.tool.name, options.docsBaseUrl),
            rules: violations.map(({ capability, safeguard }) =>
              ruleOf(capability, safeguard, taxonRefs(safeguard), options),
            ),
            ...(taxonomies.length > 0
              ? {
                  supportedTaxonomies: taxonomies.map(({ taxonomy }, index) => ({
                    name: taxonomy.name,
                    index,
                  })),
                }
              : {}),
          },
        },
        ...(taxonomies.length > 0
          ? { taxonomies: taxonomies.map(({ taxonomy, cited }) => taxonomyOf(taxonomy, cited)) }
          : {}),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: scorecard.diagnostics.map((d) => ({
              level: d.severity === 'info' ? 'note' : d.severity,
              message: { text: d.message },
              descriptor: { id: d.code },
              ...(d.file
                ? {
                    locations: [
                      {
                        physicalLocation: {
                          artifactLocation: { uri: uri(d.file), uriBaseId: SRCROOT },
                          ...(d.line
                            ? {
                                region: { startLine: d.line, ...(d.column ? { startColumn: d.column } : {}) },
                              }
                            : {}),
                        },
                      },
                    ],
                  }
                : {}),
            })),
          },
        ],
        results,
        columnKind: 'utf16CodeUnits',
        properties: {
          fingerprint: scorecard.fingerprint,
          overall: scorecard.overall,
          capabilities: scorecard.capabilities.map((c) => ({
            id: c.id,
            score: c.score,
            status: c.status,
            threshold: c.threshold,
          })),
          // Requirements the code does not meet: part of the score, but no line of code is the problem.
          unmetRequirements: scorecard.capabilities.flatMap((c) =>
            c.safeguards
              .filter((s) => s.kind === 'requirement' && s.result === 'missing')
              .map((s) => ({ capability: c.id, safeguard: s.id, title: s.title })),
          ),
          ...(scorecard.baseline
            ? {
                baseline: {
                  overallBefore: scorecard.baseline.overallBefore,
                  overallDelta: scorecard.baseline.overallDelta,
                  capabilities: scorecard.baseline.capabilities,
                  regressed: scorecard.baseline.regressed,
                },
              }
            : {}),
        },
      },
    ],
  };
  return canonicalJson(log);
}

/**
 * Each located finding with its fingerprint and baseline state. A fingerprint is the finding's rule, file and
 * snippet, and for identical snippets in one file their order, never the line: moving code keeps identity.
 */
function resultsOf(
  scorecard: Scorecard,
): { located: LocatedFinding; fingerprint: string; baselineState: 'new' | 'unchanged' | undefined }[] {
  // Violations the baseline comparison found new, by key and line (repeated snippets are told apart by line).
  const newRefs = scorecard.baseline
    ? new Set(scorecard.baseline.newViolations.map((v) => `${violationKey(v)}\u0000${v.line}`))
    : undefined;
  const seen = new Map<string, number>();
  return findingsOf(scorecard).map((located) => {
    const ref = {
      safeguard: located.safeguard.id,
      file: located.evidence.file,
      line: located.evidence.line,
      snippet: located.evidence.snippet,
    };
    const key = violationKey(ref);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return {
      located,
      fingerprint: digest(key, String(occurrence)),
      baselineState: newRefs ? (newRefs.has(`${key}\u0000${ref.line}`) ? 'new' : 'unchanged') : undefined,
    };
  });
}

function ruleOf(
  capability: CapabilityResult,
  safeguard: SafeguardResult,
  taxa: unknown[],
  options: SarifOptions,
): unknown {
  const finding = findingOf(safeguard);
  const helpUri = docsUri(safeguard.docs, options.docsBaseUrl);
  const problem = sentence(finding.message);
  const why = sentence(safeguard.rationale || safeguard.title);
  const remedy = remedyOf(safeguard);
  // Without an absolute link the docs path is still named, so that a reader can find it in the package.
  const docsText = helpUri ?? safeguard.docs;
  return {
    id: safeguard.id,
    // SARIF1001: a `name` equal to the id (case aside, as `ssrf` and `Ssrf`) must be left out.
    ...(pascalCase(safeguard.id).toLowerCase() !== safeguard.id.toLowerCase()
      ? { name: pascalCase(safeguard.id) }
      : {}),
    shortDescription: { text: problem },
    fullDescription: { text: `${sentence(safeguard.title)} ${why}` },
    help: {
      text: [problem, why, remedy, docsText ? `Documentation: ${docsText}` : '']
        .filter((part) => part !== '')
        .join(' '),
      markdown: [
        `**${mdText(problem)}**`,
        mdText(why),
        mdText(remedy),
        helpUri ? `[Documentation](${helpUri})` : docsText ? `Documentation: ${mdCode(docsText)}` : '',
      ]
        .filter((part) => part !== '')
        .join('\n\n'),
    },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: finding.severity },
    ...(taxa.length > 0 ? { relationships: taxa.map((target) => ({ target, kinds: ['relevant'] })) } : {}),
    properties: {
      capability: capability.id,
      kind: safeguard.kind,
      weight: safeguard.weight,
      precision: finding.confidence,
      'security-severity': SECURITY_SEVERITY[finding.severity],
      // GitHub shows `external/cwe/cwe-NNN` tags as CWE links.
      tags: [
        'security',
        capability.id,
        ...finding.cwe.map((id) => `external/cwe/${id.toLowerCase()}`),
        ...finding.owaspMcp,
      ],
    },
  };
}

function taxonomyOf(taxonomy: Taxonomy, cited: string[]): unknown {
  return {
    name: taxonomy.name,
    organization: taxonomy.organization,
    ...(taxonomy.version ? { version: taxonomy.version } : {}),
    informationUri: taxonomy.informationUri,
    shortDescription: { text: sentence(taxonomy.shortDescription) },
    isComprehensive: false,
    taxa: cited.map((id) => {
      const name = taxonomy.names[id];
      const helpUri = taxonomy.entryUri(id);
      return {
        id,
        ...(name ? { name, shortDescription: { text: sentence(name) } } : {}),
        ...(helpUri ? { helpUri } : {}),
      };
    }),
  };
}

/**
 * Where a reader learns about the tool: its README beside the docs when their base is known, else the package's
 * page on the npm registry, which exists for every published version.
 */
function informationUri(toolName: string, docsBaseUrl: string | undefined): string {
  return docsUri('README.md', docsBaseUrl) ?? `https://www.npmjs.com/package/${toolName}`;
}

/** A taint path as one thread flow: each step's place, and what happened to the value there. */
function codeFlow(path: FlowStep[], uri: (file: string) => string): unknown {
  const first = path[0]!;
  const last = path[path.length - 1]!;
  return {
    message: { text: sentence(`From ${first.file}:${first.line} to ${last.file}:${last.line}`) },
    threadFlows: [
      {
        locations: path.map((step, index) => ({
          executionOrder: index + 1,
          location: {
            physicalLocation: physicalLocation(step, uri),
            message: { text: sentence(step.note) },
          },
        })),
      },
    ],
  };
}

function physicalLocation(place: Evidence | FlowStep, uri: (file: string) => string): unknown {
  return {
    artifactLocation: { uri: uri(place.file), uriBaseId: SRCROOT },
    region: { startLine: place.line, startColumn: place.column, snippet: { text: place.snippet } },
  };
}

/** The SARIF naming style for a rule's `name`: `command-injection` becomes `CommandInjection`. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

// CWE-78 before CWE-208 (by number), MCP05:2025 before MCP10:2025 (they sort as text).
function compareTaxon(a: string, b: string): number {
  const number = (id: string): number => Number(/\d+/.exec(id)?.[0] ?? 0);
  return number(a) - number(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** An evidence path (relative to the audited root) as a URI relative to the repository root. */
function toRepoUri(root: string | undefined, file: string): string {
  return repoPath(root, file).split('/').map(encodeURIComponent).join('/');
}

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
