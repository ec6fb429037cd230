import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { AuditInputError } from './errors.js';
import { displayPath } from './display-path.js';
import type { RuleSet } from './rules/types.js';
import type { GateMode } from './scorecard.js';
import type { LocatedIssue } from '../shared/structured-file/located-issue.js';
import { inputError, issueAt, parseYamlSource, validateSource, type YamlSource } from './yaml-source.js';

/** `safeguard.config.yaml` as validated (docs/rule-language.md "Configuration"). */
export interface AuditConfig {
  rules?: string[];
  frameworks?: string[];
  threshold?: number;
  'fail-on'?: GateMode;
  'allow-inconclusive'?: boolean;
  include?: string[];
  exclude?: string[];
  'max-file-bytes'?: number;
  capabilities?: Record<string, { threshold?: number }>;
  safeguards?: Record<string, { weight?: number; disabled?: boolean }>;
}

/** A loaded config: its values, its directory (rule paths are relative to it) and its source for error places. */
export interface LoadedConfig {
  values: AuditConfig;
  dir: string;
  source: YamlSource | undefined;
}

export const CONFIG_FILE_NAMES = ['safeguard.config.yaml', 'safeguard.config.yml'];

const globs = { type: 'array', items: { type: 'string', minLength: 1 } };
const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: { type: 'array', items: { type: 'string', minLength: 1 } },
    frameworks: { type: 'array', items: { type: 'string', minLength: 1 } },
    threshold: { type: 'integer', minimum: 0, maximum: 100 },
    'fail-on': { enum: ['capability', 'average', 'none'] },
    'allow-inconclusive': { type: 'boolean' },
    include: globs,
    exclude: globs,
    'max-file-bytes': { type: 'integer', minimum: 1 },
    capabilities: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { threshold: { type: 'integer', minimum: 0, maximum: 100 } },
      },
    },
    safeguards: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { weight: { type: 'integer', minimum: 1 }, disabled: { type: 'boolean' } },
      },
    },
  },
} as const;

let validate: ValidateFunction | undefined; // compiled on first use: most audits have no config file

/**
 * Reads the config: `configPath` when given (it must exist), else `safeguard.config.yaml` in the audited root when
 * present, else an empty config.
 */
export function loadConfig(root: string, configPath: string | undefined): LoadedConfig {
  const file =
    configPath ?? CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((f) => existsSync(f));
  if (!file) return { values: {}, dir: root, source: undefined };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AuditInputError(`config file not found or unreadable: ${displayPath(file)}`);
  }
  const source = parseYamlSource(displayPath(file), text);
  if (source.value === null || source.value === undefined)
    return { values: {}, dir: path.dirname(file), source };
  validate ??= new Ajv2020({ allErrors: true, strict: true }).compile(CONFIG_SCHEMA);
  validateSource(source, validate);
  return { values: source.value as AuditConfig, dir: path.dirname(path.resolve(file)), source };
}

/**
 * Applies weight overrides and disables safeguards in place; an id the rule set does not know is an error at its
 * place in the config (a typo must not silently change a score), every one of them reported at once. Returns the ids
 * disabled.
 */
export function applyConfig(ruleSet: RuleSet, config: LoadedConfig): string[] {
  const { values, source } = config;
  const known = new Map(ruleSet.capabilities.flatMap((c) => c.safeguards.map((s) => [s.id, c] as const)));
  const unknown: LocatedIssue[] = [];
  for (const id of Object.keys(values.capabilities ?? {})) {
    if (!ruleSet.capabilities.some((c) => c.id === id) && source) {
      unknown.push(issueAt(source, ['capabilities'], `unknown capability '${id}'`, id));
    }
  }
  const disabled: string[] = [];
  for (const [id, override] of Object.entries(values.safeguards ?? {})) {
    const capability = known.get(id);
    if (!capability) {
      if (source) unknown.push(issueAt(source, ['safeguards'], `unknown safeguard '${id}'`, id));
      continue;
    }
    if (override.disabled) {
      capability.safeguards = capability.safeguards.filter((s) => s.id !== id);
      disabled.push(id);
    } else if (override.weight !== undefined) {
      const safeguard = capability.safeguards.find((s) => s.id === id);
      if (safeguard) safeguard.weight = override.weight;
    }
  }
  if (unknown.length > 0) throw inputError(unknown);
  return disabled.sort();
}
