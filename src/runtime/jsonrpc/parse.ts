import { InvalidRequestError, ParseError } from '../errors/mcp-error.js';

/** Limits applied to every incoming message before it is trusted. */
export interface MessageLimits {
  /** Maximum size of one message in bytes (UTF-8). */
  maxBytes: number;
  /** Maximum nesting depth of arrays and objects. */
  maxDepth: number;
}

export const defaultMessageLimits: MessageLimits = { maxBytes: 4 * 1024 * 1024, maxDepth: 64 };

/**
 * The deepest array/object nesting in JSON text, counted without parsing so that a hostile body cannot exhaust the
 * parser's stack. Brackets inside strings do not count.
 */
export function jsonNestingDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

// Text with no more opening brackets than the limit cannot nest deeper than it: most messages skip the scan.
function mayNestDeeperThan(text: string, maxDepth: number): boolean {
  let brackets = 0;
  for (const open of ['{', '[']) {
    for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + 1)) {
      if (++brackets > maxDepth) return true;
    }
  }
  return false;
}

// A reviver returning undefined deletes the key: `__proto__` never reaches code that might merge objects.
function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

function mayHoldProtoKey(text: string): boolean {
  return text.includes('"__proto__"') || text.includes('\\u');
}

/**
 * Parses one JSON-RPC payload (a message or a batch) within the limits. Oversized or too-deep text is an
 * InvalidRequestError, unparseable text a ParseError; `__proto__` keys are removed.
 */
export function parseJsonText(text: string, limits: MessageLimits = defaultMessageLimits): unknown {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) {
    throw new InvalidRequestError(`Message exceeds ${limits.maxBytes} bytes`);
  }
  if (mayNestDeeperThan(text, limits.maxDepth) && jsonNestingDepth(text, limits.maxDepth) > limits.maxDepth) {
    throw new InvalidRequestError(`Message nesting exceeds depth ${limits.maxDepth}`);
  }
  try {
    // The reviver costs time on every value, so only pay for it when the key can be present at all: spelled out, or
    // hidden behind a \u escape (`"__pro\u0074o__"` is the same key, and \u escapes are rare in what clients send).
    return mayHoldProtoKey(text) ? JSON.parse(text, dropProtoKeys) : JSON.parse(text);
  } catch {
    throw new ParseError();
  }
}
