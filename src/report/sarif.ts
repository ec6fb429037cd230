import { createHash } from 'node:crypto';
import type { CapabilityResult, SafeguardResult, Scorecard } from '../audit/scorecard.js';
import { anchorFile, scoreText } from './capability-facts.js';
import { canonicalJson } from './canonical-json.js';
import { docsUri } from './docs-link.js';
import { repoPath } from './repo-path.js';
import { violationKey } from './violations.js';

/** How SARIF locations and help links are written. */
export interface SarifOptions {
  /** Absolute base URL for rule help links (`helpUri`); without one, the docs path goes into the help text only. */
  docsBaseUrl?: string;
}

type Level = 'error' | 'warning' | 'note';

/** The base a consumer resolves our relative URIs against: the repository root (GitHub code scanning knows it). */
const SRCROOT = '%SRCROOT%';
/** Weights at or above this are high-risk: an error for a violation, a warning for a missing requirement. */
const HIGH_RISK_WEIGHT = 20;
const FINGERPRINT_KEY = 'mcpSafeguard/v1';

/**
 * Render a scorecard as SARIF 2.1.0: one rule per safeguard, a result at each violation location, and one result per
 * missing safeguard anchored to the capability's key file. Paths are relative to the repository root (the scorecard's
 * `root` prefix joined with each evidence path).
 */
export function renderSarif(scorecard: Scorecard, options: SarifOptions = {}): string {
  const safeguards = scorecard.capabilities.flatMap((capability) =>
    capability.safeguards.map((safeguard) => ({ capability, safeguard })),
  );
  const ruleIndex = new Map(safeguards.map(({ safeguard }, index) => [safeguard.id, index]));
  // Violations the baseline comparison found new, by key and line (repeated snippets are told apart by line).
  const newRefs = scorecard.baseline
    ? new Set(scorecard.baseline.newViolations.map((v) => `${violationKey(v)}\u0000${v.line}`))
    : undefined;
  const uri = (file: string): string => toRepoUri(scorecard.root, file);

  const results: unknown[] = [];
  for (const { capability, safeguard } of safeguards) {
    const index = ruleIndex.get(safeguard.id)!;
    if (safeguard.result === 'violated') {
      const seen = new Map<string, number>();
      for (const evidence of safeguard.evidence) {
        if (evidence.file === '') continue;
        const ref = {
          safeguard: safeguard.id,
          file: evidence.file,
          line: evidence.line,
          snippet: evidence.snippet,
        };
        // Identical snippets in one file are told apart by their order, not their line, so moves keep identity.
        const occurrence = seen.get(violationKey(ref)) ?? 0;
        seen.set(violationKey(ref), occurrence + 1);
        results.push({
          ruleId: safeguard.id,
          ruleIndex: index,
          kind: 'fail',
          level: levelOf(safeguard),
          message: { text: `${safeguard.title}. ${safeguard.rationale}`.trim() },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uri(evidence.file), uriBaseId: SRCROOT },
                region: {
                  startLine: evidence.line,
                  startColumn: evidence.column,
                  snippet: { text: evidence.snippet },
                },
              },
            },
          ],
          partialFingerprints: { [FINGERPRINT_KEY]: digest(violationKey(ref), String(occurrence)) },
          ...(newRefs
            ? { baselineState: newRefs.has(`${violationKey(ref)}\u0000${ref.line}`) ? 'new' : 'unchanged' }
            : {}),
          properties: { capability: capability.id },
        });
      }
    } else if (safeguard.result === 'missing') {
      const anchor = anchorFile(capability, scorecard);
      results.push({
        ruleId: safeguard.id,
        ruleIndex: index,
        kind: 'fail',
        level: levelOf(safeguard),
        message: {
          text:
            `Missing safeguard for ${capability.title} (${capability.id}, score ${scoreText(capability)}, ` +
            `threshold ${capability.threshold}%): ${safeguard.title}. ${safeguard.rationale}`.trim(),
        },
        ...(anchor
          ? {
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: uri(anchor), uriBaseId: SRCROOT },
                    region: { startLine: 1 },
                  },
                  message: { text: `Most ${capability.id} evidence is in this file; the safeguard is not.` },
                },
              ],
            }
          : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: digest(safeguard.id, 'missing') },
        properties: { capability: capability.id },
      });
    }
  }

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
            rules: safeguards.map(({ capability, safeguard }) => ruleOf(capability, safeguard, options)),
          },
        },
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

function ruleOf(capability: CapabilityResult, safeguard: SafeguardResult, options: SarifOptions): unknown {
  const helpUri = docsUri(safeguard.docs, options.docsBaseUrl);
  const docsLine = safeguard.docs ? ` Documentation: ${safeguard.docs}` : '';
  return {
    id: safeguard.id,
    name: safeguard.id,
    shortDescription: { text: safeguard.title },
    fullDescription: { text: safeguard.rationale || safeguard.title },
    help: { text: `${safeguard.rationale || safeguard.title}${docsLine}` },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: levelOf(safeguard) },
    properties: {
      capability: capability.id,
      kind: safeguard.kind,
      weight: safeguard.weight,
      tags: safeguard.kind === 'violation' ? ['security', capability.id] : [capability.id],
    },
  };
}

/** Level from kind and weight: violations are errors (warnings when light), missing requirements warnings (notes). */
function levelOf(safeguard: SafeguardResult): Level {
  const heavy = safeguard.weight >= HIGH_RISK_WEIGHT;
  if (safeguard.kind === 'violation') return heavy ? 'error' : 'warning';
  return heavy ? 'warning' : 'note';
}

/** An evidence path (relative to the audited root) as a URI relative to the repository root. */
function toRepoUri(root: string | undefined, file: string): string {
  return repoPath(root, file).split('/').map(encodeURIComponent).join('/');
}

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
