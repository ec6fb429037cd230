import type { GateMode } from '../audit/scorecard.js';

/** A bad action input (`threshold: abc`, `fail-on: sometimes`); reported through `core.setFailed` as one line. */
export class ActionInputError extends Error {
  override readonly name = 'ActionInputError';
}

/** The action's inputs (action.yml), parsed and checked. */
export interface ActionInputs {
  path: string;
  rules: string[];
  bundledRules: boolean;
  config?: string;
  threshold?: number;
  failOn?: GateMode;
  sarifFile?: string;
  jsonFile?: string;
  summary: boolean;
  baseline?: string;
  failOnRegression: boolean;
  allowInconclusive: boolean;
}

/** Reads one input by name; `core.getInput` in the action, a plain map in tests. */
export type InputReader = (name: string) => string;

const GATE_MODES: readonly GateMode[] = ['capability', 'average', 'none'];

/**
 * Parse the action inputs. Empty means "not given" (the runner passes action.yml defaults; a direct `node` run passes
 * nothing), so defaults are applied here too.
 */
export function parseInputs(read: InputReader): ActionInputs {
  const text = (name: string): string | undefined => {
    const value = read(name).trim();
    return value === '' ? undefined : value;
  };
  const threshold = text('threshold');
  const failOn = text('fail-on');
  if (threshold !== undefined && (!/^\d+$/.test(threshold) || Number(threshold) > 100)) {
    throw new ActionInputError(`input threshold must be an integer from 0 to 100, got '${threshold}'`);
  }
  if (failOn !== undefined && !(GATE_MODES as readonly string[]).includes(failOn)) {
    throw new ActionInputError(`input fail-on must be one of ${GATE_MODES.join(', ')}, got '${failOn}'`);
  }
  const config = text('config');
  const sarifFile = text('sarif-file');
  const jsonFile = text('json-file');
  const baseline = text('baseline');
  return {
    path: text('path') ?? '.',
    // One directory per line or comma-separated, as multi-line YAML inputs are usually written.
    rules: (text('rules') ?? '')
      .split(/[\n,]/)
      .map((dir) => dir.trim())
      .filter((dir) => dir !== ''),
    bundledRules: booleanInput('bundled-rules', text('bundled-rules'), true),
    ...(config !== undefined ? { config } : {}),
    ...(threshold !== undefined ? { threshold: Number(threshold) } : {}),
    ...(failOn !== undefined ? { failOn: failOn as GateMode } : {}),
    ...(sarifFile !== undefined ? { sarifFile } : {}),
    ...(jsonFile !== undefined ? { jsonFile } : {}),
    summary: booleanInput('summary', text('summary'), true),
    ...(baseline !== undefined ? { baseline } : {}),
    failOnRegression: booleanInput('fail-on-regression', text('fail-on-regression'), false),
    allowInconclusive: booleanInput('allow-inconclusive', text('allow-inconclusive'), false),
  };
}

/** YAML 1.2 core booleans, as `core.getBooleanInput` accepts them; anything else is an input error. */
function booleanInput(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new ActionInputError(`input ${name} must be true or false, got '${value}'`);
}
