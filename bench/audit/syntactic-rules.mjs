// The rule files of RULES_DIR minus every safeguard the engine cannot answer from the fact index alone, written to
// OUT_DIR: the "syntactic" audit of bench/audit/index.mjs and compare.mjs. Which those are is the engine's own answer,
// asked of the build in LIB_DIR that will run them: a compiled matcher is `semantic` when it asks the type checker
// or reads syntax trees after the fact walk (in-branch); a taint matcher reads the trees too (its key names it, as
// src/audit/audit.ts tells which trees to keep).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument, stringify } from 'yaml';

const afterFactWalk = (matcher) =>
  matcher !== undefined && (matcher.semantic || matcher.key.includes('{"taint":'));

/** Writes the syntactic rule files; returns how many safeguards were kept and dropped. */
export async function syntacticRules(rulesDir, outDir, libDir) {
  const { loadRuleSet } = await import(pathToFileURL(path.join(libDir, 'audit/index.js')).href);
  const semantic = new Set();
  for (const capability of loadRuleSet([{ dir: rulesDir, bundled: false }]).capabilities)
    for (const s of capability.safeguards)
      if ([s.evidence, s.appliesWhen].some(afterFactWalk)) semantic.add(`${capability.id}/${s.id}`);
  mkdirSync(outDir, { recursive: true });
  let kept = 0;
  let dropped = 0;
  for (const name of readdirSync(rulesDir).filter((n) => n.endsWith('.yaml'))) {
    const doc = parseDocument(readFileSync(path.join(rulesDir, name), 'utf8')).toJS();
    const needsChecker = (s) => semantic.has(`${doc.capability}/${s.id}`);
    dropped += doc.safeguards.filter(needsChecker).length;
    doc.safeguards = doc.safeguards.filter((s) => !needsChecker(s));
    kept += doc.safeguards.length;
    if (doc.safeguards.length > 0) writeFileSync(path.join(outDir, name), stringify(doc));
  }
  return { kept, dropped };
}
