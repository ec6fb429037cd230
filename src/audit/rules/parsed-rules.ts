import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseYamlSource, type YamlSource } from '../yaml-source.js';

/**
 * Where the build writes the bundled rule files already parsed (next to this module in lib/): parsing 140 KB of
 * YAML costs about a quarter of a second on every audit, reading the same values as JSON a few milliseconds.
 */
export const PARSED_RULES_FILE = fileURLToPath(new URL('./parsed-rules.json', import.meta.url));

/** The build's parsed values, keyed by the sha256 of each rule file's text. */
export type ParsedRules = Record<string, unknown>;

let cache: ParsedRules | undefined;

/** The key of a rule file's text in the parsed-rules file. */
export function ruleTextDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A rule file as a YamlSource. When the build parsed this very text (the key is the digest of the text, so an
 * edited or user rule file is never served from it), its value comes from the parsed-rules file and the YAML
 * document, needed only to place an error, is parsed on the first request for it.
 */
export function ruleSource(file: string, text: string): YamlSource {
  const parsed = parsedRules()[ruleTextDigest(text)];
  if (parsed === undefined) return parseYamlSource(file, text);
  let full: YamlSource | undefined;
  const document = (): YamlSource => (full ??= parseYamlSource(file, text));
  return {
    file,
    value: structuredClone(parsed),
    get document() {
      return document().document;
    },
    get lines() {
      return document().lines;
    },
  };
}

function parsedRules(): ParsedRules {
  // A missing or unreadable file (a build without it, a hand-edited lib/) only means parsing the YAML as before.
  if (cache === undefined) {
    try {
      cache = existsSync(PARSED_RULES_FILE)
        ? (JSON.parse(readFileSync(PARSED_RULES_FILE, 'utf8')) as ParsedRules)
        : {};
    } catch {
      cache = {};
    }
  }
  return cache;
}
