import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { applyConfig, loadConfig } from './config.js';
import { AuditInputError, NoServerFoundError, SeveralServersError } from './errors.js';
import { owningPackageDir, workspaceDependenciesOf } from './packages/workspace-dependencies.js';
import { loadServerProject, relativeTo } from './project/server-project.js';
import { findServers } from './servers.js';
import { evaluateRuleSet, factFilterFor, NO_DEPENDENCIES } from './evaluate.js';
import { attachFrameworkFacts } from './frameworks/attach.js';
import { auditedDependencies } from './frameworks/dependencies.js';
import { BUNDLED_FRAMEWORKS_DIR, loadFrameworkFacts } from './frameworks/load.js';
import { indexFiles } from './facts/parse.js';
import { mayHoldEntryPoint } from './taint/program.js';
import { rulesFingerprint, sourcesFingerprint } from './fingerprint.js';
import { BUNDLED_RULES_DIR, toolIdentity } from './package-root.js';
import { loadOptions } from './project/options.js';
import type { SourceText } from './project/load.js';
import { displayPath } from './display-path.js';
import { loadRuleSet, type RuleDirectory } from './rules/load.js';
import { compareText } from './text-order.js';
import type { RuleSet } from './rules/types.js';
import { DEFAULT_THRESHOLD, overallResult } from './score/score.js';
import { SCORECARD_SCHEMA_VERSION, type Diagnostic, type GateMode, type Scorecard } from './scorecard.js';

/** What to audit and how (the CLI's flags; a config file may add to them). */
export interface AuditOptions {
  root: string;
  ruleDirs?: string[];
  configPath?: string;
  threshold?: number;
  failOn?: GateMode;
  bundledRules?: boolean;
  /** `--include` / `--exclude` globs: audit these too / never audit these (docs/scope.md). */
  include?: string[];
  exclude?: string[];
  /** Audit only this MCP server package of a workspace (its name or folder). */
  package?: string;
  /** Let `inconclusive` capabilities pass the gate (they still show, with the files that were not analysed). */
  allowInconclusive?: boolean;
  /** Called between phases, for a progress line on a terminal. */
  onProgress?: (phase: string) => void;
}

const GATE_MODES: readonly GateMode[] = ['capability', 'average', 'none'];

/**
 * Audits a project against the loaded rules and returns its Scorecard. Throws AuditInputError for a usage, config
 * or rule error (exit 2); problems with individual source files are diagnostics in the Scorecard.
 */
export async function runAudit(options: AuditOptions): Promise<Scorecard> {
  const progress = options.onProgress ?? (() => undefined);
  const target = path.resolve(options.root);
  if (!existsSync(target)) throw new AuditInputError(`target path does not exist: ${displayPath(target)}`);
  const rootDir = statSync(target).isDirectory() ? target : path.dirname(target);
  checkThreshold(options.threshold, '--threshold');
  if (options.failOn !== undefined && !GATE_MODES.includes(options.failOn)) {
    throw new AuditInputError(
      `--fail-on must be one of ${GATE_MODES.join(', ')}, got '${String(options.failOn)}'`,
    );
  }

  progress('loading rules');
  const config = loadConfig(rootDir, options.configPath);
  const directories: RuleDirectory[] = [];
  if (options.bundledRules !== false && existsSync(BUNDLED_RULES_DIR)) {
    directories.push({ dir: BUNDLED_RULES_DIR, bundled: true });
  }
  for (const dir of config.values.rules ?? [])
    directories.push({ dir: path.resolve(config.dir, dir), bundled: false });
  for (const dir of options.ruleDirs ?? []) directories.push({ dir: path.resolve(dir), bundled: false });
  const ruleSet = loadRuleSet(directories);
  if (ruleSet.capabilities.length === 0) {
    throw new AuditInputError('no rule files loaded: give --rules DIR or keep the bundled rules');
  }
  attachFrameworkFacts(ruleSet, loadFrameworkFacts(frameworkDirectories(config, options)), {
    requireTargets: options.bundledRules !== false,
  });
  const disabled = applyConfig(ruleSet, config);
  const threshold = options.threshold ?? config.values.threshold ?? DEFAULT_THRESHOLD;
  const gateMode = options.failOn ?? config.values['fail-on'] ?? 'capability';
  const thresholds = new Map<string, number>();
  for (const capability of ruleSet.capabilities) {
    capability.threshold = config.values.capabilities?.[capability.id]?.threshold ?? capability.threshold;
    thresholds.set(capability.id, capability.threshold ?? threshold);
  }

  progress('finding the MCP server');
  // The bundled rules judge MCP servers, so they need one; a rule pack of the user's own judges what it is given.
  const search =
    options.bundledRules === false
      ? {
          servers: [{ name: path.basename(target), dir: target, relative: '.', reasons: [] }],
          looked: [],
          diagnostics: [],
        }
      : await findServers(target, options.package);
  const server = search.servers[0];
  if (!server) {
    const looked = search.looked.map((p) => ({ ...p, ...p.classification }));
    throw new NoServerFoundError(displayPath(target), looked);
  }
  if (search.servers.length > 1) throw new SeveralServersError(search.servers);

  progress('reading sources');
  const scope = loadOptions(config.values, {
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });
  const owner = owningPackageDir(server.dir);
  const parts = owner ? await workspaceDependenciesOf(owner) : [];
  const project = await loadServerProject(server.dir, parts, scope);
  if (project.files.length === 0) {
    const skipped = project.excluded.length
      ? ` (${project.excluded.length} left out: see --list-files; --include GLOB brings files back)`
      : '';
    throw new AuditInputError(
      `no TypeScript or JavaScript source files to audit in ${displayPath(target)}${skipped}`,
    );
  }
  const diagnostics: Diagnostic[] = [...search.diagnostics, ...project.diagnostics];

  progress(`indexing ${project.files.length} files`);
  const files = indexFiles(
    project.files,
    diagnostics,
    factFilterFor(ruleSet),
    treesToKeep(ruleSet, project.files),
    usesTypeChecker(ruleSet),
  );

  progress('evaluating rules');
  const unanalysed = unanalysedFiles(diagnostics);
  const dependencies = owner
    ? auditedDependencies([owner, ...parts], project.root, diagnostics)
    : NO_DEPENDENCIES;
  const evaluation = evaluateRuleSet(ruleSet, files, threshold, unanalysed, dependencies);
  diagnostics.push(...evaluation.diagnostics);
  for (const id of disabled) {
    diagnostics.push({
      severity: 'info',
      code: 'safeguard-disabled',
      message: `safeguard ${id} is disabled by the config`,
    });
  }

  const allowInconclusive = options.allowInconclusive ?? config.values['allow-inconclusive'] ?? false;
  const overall = overallResult(evaluation.capabilities, threshold, gateMode, allowInconclusive);
  const generatedAt = sourceDateEpoch();
  return {
    schemaVersion: SCORECARD_SCHEMA_VERSION,
    tool: toolIdentity(),
    ...(generatedAt ? { generatedAt } : {}),
    fingerprint: { rules: rulesFingerprint(ruleSet, thresholds), sources: sourcesFingerprint(project.files) },
    ...repositoryRelativeRoot(project.root),
    server: {
      name: server.name,
      folder: targetRelative(target, server.dir),
      reasons: server.reasons,
      workspaceDependencies: parts.map((dir) => relativeTo(project.root, dir)),
    },
    threshold,
    files: {
      audited: files.length,
      lines: files.reduce((n, f) => n + lineCount(f.text), 0),
      excluded: project.excluded,
    },
    capabilities: evaluation.capabilities,
    overall: { ...overall, allowInconclusive, gateMode },
    suppressions: evaluation.suppressions.sort(
      (a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.safeguard, b.safeguard),
    ),
    diagnostics: sortDiagnostics(diagnostics),
  };
}

// The audited folder relative to the enclosing git checkout (so SARIF paths resolve in code scanning); omitted
// outside a checkout, because a path relative to anything else would differ between machines.
function repositoryRelativeRoot(root: string): { root?: string } {
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) {
      const relative = path.relative(dir, root).split(path.sep).join('/');
      return { root: relative === '' ? '.' : relative };
    }
    if (path.dirname(dir) === dir) return {};
  }
}

// The bundled framework files (unless --no-bundled-rules), then the config's `frameworks:` directories.
function frameworkDirectories(
  config: ReturnType<typeof loadConfig>,
  options: AuditOptions,
): { dir: string; bundled: boolean }[] {
  const directories: { dir: string; bundled: boolean }[] = [];
  if (options.bundledRules !== false) directories.push({ dir: BUNDLED_FRAMEWORKS_DIR, bundled: true });
  for (const dir of config.values.frameworks ?? [])
    directories.push({ dir: path.resolve(config.dir, dir), bundled: false });
  return directories;
}

// Up to this much source, the fact walk's trees are kept for the type checker: holding them costs less than parsing
// again (measured on src/runtime, 0.3 MB, and on the real-world servers sentry-mcp, 1.4 MB, and mongodb-mcp-server,
// 2.4 MB). Far above it (the 5.9 MB bench corpus), holding every tree slows each garbage collection more than a
// second parse costs.
const KEPT_TREES_MAX_CHARS = 3_000_000;

// Which trees the fact walk should keep: every one when some rule may need the type checker and the project is small
// enough; above that size, those the taint analysis starts from (files that may hold an entry point, a small share
// of a large project), which it would otherwise parse a second time.
function treesToKeep(ruleSet: RuleSet, files: readonly SourceText[]): (file: SourceText) => boolean {
  if (!usesTypeChecker(ruleSet)) return () => false;
  if (files.reduce((n, f) => n + f.text.length, 0) <= KEPT_TREES_MAX_CHARS) return () => true;
  if (!usesTaint(ruleSet)) return () => false;
  return (file) => mayHoldEntryPoint(file.text);
}

// Whether some rule may need the type checker or the taint analysis, the passes that read the syntax trees after the
// fact walk. A taint matcher is not `semantic` (it never asks the checker); its canonical key names it.
function usesTypeChecker(ruleSet: RuleSet): boolean {
  return someMatcher(ruleSet, (m) => m.semantic || isTaint(m));
}

function usesTaint(ruleSet: RuleSet): boolean {
  return someMatcher(ruleSet, isTaint);
}

type MatcherHead = { semantic: boolean; key: string };

const isTaint = (matcher: MatcherHead): boolean => matcher.key.includes('{"taint":');

function someMatcher(ruleSet: RuleSet, test: (matcher: MatcherHead) => boolean): boolean {
  const has = (matcher: MatcherHead | undefined) => matcher !== undefined && test(matcher);
  return ruleSet.capabilities.some((c) => c.safeguards.some((s) => has(s.evidence) || has(s.appliesWhen)));
}

/** Diagnostic codes of files the audit could not read or parse: evidence in them is unknown, not absent. */
export const UNANALYSED_CODES: ReadonlySet<string> = new Set([
  'too-complex',
  'file-too-large',
  'unreadable-file',
]);

function unanalysedFiles(diagnostics: readonly Diagnostic[]): string[] {
  const files = diagnostics.filter((d) => UNANALYSED_CODES.has(d.code) && d.file).map((d) => d.file!);
  return [...new Set(files)].sort(compareText);
}

// The audited server's folder relative to the target the user named (`.` when it is the target).
function targetRelative(target: string, dir: string): string {
  const base = statSync(target).isDirectory() ? target : path.dirname(target);
  return relativeTo(base, dir);
}

function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

function checkThreshold(value: number | undefined, name: string): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw new AuditInputError(`${name} must be an integer from 0 to 100, got '${String(value)}'`);
  }
}

// Reports carry a time only when the build asks for one (reproducible-builds.org/specs/source-date-epoch).
function sourceDateEpoch(): string | undefined {
  const raw = process.env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw))
    throw new AuditInputError(`SOURCE_DATE_EPOCH must be a whole number of seconds, got '${raw}'`);
  return new Date(Number(raw) * 1000).toISOString();
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      compareText(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}
