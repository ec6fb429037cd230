import type { PathStep } from './path-step.js';
import { CLEAN, SINK_KINDS, type Label, type SinkKind, type Taint } from './types.js';

// Paths longer than this keep their first and last steps: a reviewer needs the source and the sink most.
const MAX_STEPS = 16;

const ALL_KINDS: ReadonlySet<SinkKind> = new Set(SINK_KINDS);

function originKey(label: Label): string {
  return label.origin.kind === 'param' ? `param:${label.origin.index}` : label.origin.kind;
}

/** The labels of both values, one per origin: where both carry one, the less safe wins, so a join never hides taint. */
export function union(a: Taint, b: Taint): Taint {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = [...a];
  for (const label of b) {
    const index = out.findIndex((l) => originKey(l) === originKey(label));
    if (index < 0) {
      out.push(label);
      continue;
    }
    const kept = out[index]!;
    const worse = label.safeFor.size < kept.safeFor.size ? label : kept;
    out[index] = {
      ...worse,
      leading: kept.leading || label.leading,
      spliced: kept.spliced || label.spliced,
      closed: undefined,
    };
  }
  return out;
}

export function unionAll(taints: readonly Taint[]): Taint {
  return taints.reduce(union, CLEAN);
}

/** The same labels, one step further along the path. */
export function extend(taint: Taint, step: PathStep | undefined, patch: Partial<Label> = {}): Taint {
  if (taint.length === 0) return taint;
  return taint.map((label) => ({
    ...label,
    closed: undefined,
    ...patch,
    steps: step ? appendStep(label.steps, step) : label.steps,
  }));
}

export function appendStep(steps: readonly PathStep[], step: PathStep): readonly PathStep[] {
  const last = steps[steps.length - 1];
  if (last && last.file === step.file && last.offset === step.offset) return steps;
  const next = [...steps, step];
  return next.length > MAX_STEPS ? [...next.slice(0, 4), ...next.slice(next.length - (MAX_STEPS - 4))] : next;
}

/** The labels made safe for some sink kinds (all of them when `kinds` is omitted). */
export function sanitize(taint: Taint, kinds: ReadonlySet<SinkKind> = ALL_KINDS): Taint {
  if (taint.length === 0) return taint;
  return taint.map((label) => ({ ...label, safeFor: new Set([...label.safeFor, ...kinds]) }));
}

export const KINDS_EXCEPT_SQL: ReadonlySet<SinkKind> = new Set(SINK_KINDS.filter((k) => k !== 'sql'));
export const PATH_ONLY: ReadonlySet<SinkKind> = new Set<SinkKind>(['path']);
export const COMMAND_ONLY: ReadonlySet<SinkKind> = new Set<SinkKind>(['command']);
export const SQL_ONLY: ReadonlySet<SinkKind> = new Set<SinkKind>(['sql']);

/** Whether a label arriving at a sink of this kind is a finding. */
export function harms(label: Label, kind: SinkKind): boolean {
  if (label.safeFor.has(kind)) return false;
  // A response is harmed by the server's secrets, an upstream request's credential by the caller's own token, every
  // other sink by the caller's input.
  if (kind === 'response') return label.origin.kind === 'secret';
  if (kind === 'upstream-credential') return label.origin.kind === 'credential';
  if (label.origin.kind === 'secret' || label.origin.kind === 'credential') return false;
  // A URL whose scheme and host are fixed text cannot be steered to another server.
  if (kind === 'url') return label.leading;
  // A command or query that is wholly the input is the tool's purpose (a shell or SQL console tool), not an
  // injection; injection is input spliced into text the server wrote.
  if (kind === 'command' || kind === 'sql') return label.spliced;
  return true;
}
