import type { SourceText } from '../project/load.js';
import type { SafeguardOutcome } from '../scorecard.js';

/** What a fixture declares: outcomes per safeguard and the lines a violation must (or must not) be reported at. */
export interface Expectations {
  safeguards(): string[];
  /** The declared outcome, or the one implied by `ruleid:` (violated) or only `ok:` (satisfied) annotations. */
  outcome(id: string): SafeguardOutcome | undefined;
  /** `file:line` places marked `// ruleid: <id>` and `// ok: <id>` (the line below the comment). */
  violationLines(id: string): { reported: Set<string>; ok: Set<string> };
}

const FIXTURE = /\/\/\s*safeguard-fixture:\s*([a-z0-9-]+)\s+(satisfied|missing|violated|not-applicable)\b/;
const ANNOTATION = /\/\/\s*(ruleid|ok):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

/** Reads the `safeguard-fixture:`, `ruleid:` and `ok:` comments of a fixture's files. */
export function readExpectations(files: readonly SourceText[]): Expectations {
  const outcomes = new Map<string, SafeguardOutcome>();
  const lines = new Map<string, { reported: Set<string>; ok: Set<string> }>();
  const placesOf = (id: string) => {
    let entry = lines.get(id);
    if (!entry) lines.set(id, (entry = { reported: new Set(), ok: new Set() }));
    return entry;
  };
  for (const file of files) {
    file.text.split(/\r?\n/).forEach((text, i) => {
      const declared = FIXTURE.exec(text);
      if (declared) outcomes.set(declared[1]!, declared[2] as SafeguardOutcome);
      const annotation = ANNOTATION.exec(text);
      if (!annotation) return;
      for (const id of annotation[2]!.split(',').map((s) => s.trim())) {
        const places = placesOf(id);
        (annotation[1] === 'ruleid' ? places.reported : places.ok).add(`${file.path}:${i + 2}`);
      }
    });
  }
  return {
    safeguards: () => [...new Set([...outcomes.keys(), ...lines.keys()])].sort(),
    outcome(id) {
      const declared = outcomes.get(id);
      if (declared) return declared;
      const places = lines.get(id);
      if (places?.reported.size) return 'violated';
      return places?.ok.size ? 'satisfied' : undefined;
    },
    violationLines: (id) => lines.get(id) ?? { reported: new Set(), ok: new Set() },
  };
}
