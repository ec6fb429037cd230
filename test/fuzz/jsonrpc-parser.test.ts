/**
 * Fuzz target: the JSON-RPC parser and message classifier. Whatever the text, the parser answers a value or a
 * ParseError/InvalidRequestError (never another exception), no `__proto__` key survives at any depth, and the
 * classifier sorts every parsed value without throwing; a request's id is always one that can be echoed exactly.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { McpError } from '../../src/runtime/errors/mcp-error.js';
import { classifyMessage } from '../../src/runtime/jsonrpc/message.js';
import { parseJsonText } from '../../src/runtime/jsonrpc/parse.js';
import { fuzzTimeoutMs, runFuzz } from './fuzz-runs.js';

const limits = { maxBytes: 64 * 1024, maxDepth: 16 };

/** Every key of every object in a parsed value. */
function* keysOf(value: unknown): Generator<string> {
  if (typeof value !== 'object' || value === null) return;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'string') yield key;
    yield* keysOf((value as Record<string | symbol, unknown>)[key]);
  }
}

/** JSON text that looks like a message, with hostile parts mixed in. */
const messageText = fc
  .record(
    {
      jsonrpc: fc.constantFrom('2.0', '1.0', 2),
      id: fc.oneof(
        fc.integer(),
        fc.string(),
        fc.constant(null),
        fc.double(),
        fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      ),
      method: fc.oneof(fc.constantFrom('tools/call', 'ping', 'initialize', ''), fc.string()),
      params: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())),
    },
    { requiredKeys: [] },
  )
  .map((message) =>
    JSON.stringify(message, (_key, value: unknown) =>
      typeof value === 'bigint' ? `§${value}§` : value,
    ).replace(/"§(-?\d+)§"/g, '$1'),
  );

/** Text with `__proto__` keys spelled out or escaped, at some depth. */
const protoText = fc
  .tuple(fc.constantFrom('"__proto__"', '"__pro\\u0074o__"', '"\\u005f_proto__"', '"constructor"'), fc.nat(5))
  .map(([key, depth]) => `${'{"a":'.repeat(depth)}{${key}:{"polluted":true},"b":1}${'}'.repeat(depth)}`);

/** Cuts, duplicates and flips parts of otherwise plausible text. */
const mangled = fc
  .tuple(fc.oneof(messageText, protoText), fc.nat(), fc.nat(), fc.string({ maxLength: 8 }))
  .map(([text, a, b, insert]) => {
    const i = a % (text.length + 1);
    const j = b % (text.length + 1);
    return text.slice(0, Math.min(i, j)) + insert + text.slice(Math.max(i, j));
  });

const anyText = fc.oneof(
  messageText,
  protoText,
  mangled,
  fc.string({ unit: 'binary' }),
  fc.json(),
  fc.nat(40).map((n) => '['.repeat(n) + ']'.repeat(n)),
);

describe('fuzz: JSON-RPC parser', () => {
  it(
    'parses or refuses every text, drops every __proto__ key, and classifies what it parses',
    async () => {
      await runFuzz(
        'jsonrpc-parser',
        fc.property(anyText, (text) => {
          let value: unknown;
          try {
            value = parseJsonText(text, limits);
          } catch (error) {
            if (!(error instanceof McpError) || ![-32700, -32600].includes(error.code)) throw error;
            return;
          }
          for (const key of keysOf(value)) if (key === '__proto__') throw new Error('__proto__ key survived');
          const items = Array.isArray(value) ? value : [value];
          for (const item of items) {
            const classified = classifyMessage(item);
            if (classified.kind === 'request') {
              const id = classified.message.id;
              if (typeof id === 'number' && !Number.isSafeInteger(id)) throw new Error(`unsafe id ${id}`);
            }
          }
        }),
      );
    },
    fuzzTimeoutMs(2),
  );
});
