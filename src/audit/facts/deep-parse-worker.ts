// The worker of deep-parse.ts: parses one file and gathers all its facts on a call stack large enough for the
// compiler's recursive parser, and hands them back as plain data (no syntax node crosses threads).
import { type MessagePort, workerData } from 'node:worker_threads';
import { collectFacts } from './collect.js';
import type { DeepParseRequest, DeepParseResult, PlainFacts } from './deep-parse.js';
import { firstSyntaxError, parseSource } from './parse.js';
import type { FileFacts } from './types.js';

const { path, text, port, signal } = workerData as DeepParseRequest & { port: MessagePort };
let result: DeepParseResult;
try {
  const sourceFile = parseSource(path, text);
  const facts = plainFacts(collectFacts(path, sourceFile));
  result = { outcome: 'parsed', facts, problem: firstSyntaxError(path, sourceFile) };
} catch (error) {
  result =
    error instanceof RangeError
      ? { outcome: 'too-deep' }
      : {
          outcome: 'failed',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        };
}
port.postMessage(result);
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);

// Facts as data: each fact's own fields and the texts its class computes on demand (callee, receiver, object, …),
// without the reference to its file, which the main thread puts back.
function plainFacts(facts: FileFacts): PlainFacts {
  const plain: PlainFacts = {};
  for (const [kind, value] of Object.entries(facts)) {
    if (!Array.isArray(value) || kind === 'suppressions') continue;
    plain[kind] = value.map((fact: object) => {
      const copy: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(fact)) if (key !== 'file') copy[key] = field;
      const prototype = Object.getPrototypeOf(fact) as object;
      if (prototype === Object.prototype) return copy;
      for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(prototype))) {
        if (descriptor.get) copy[key] = (fact as Record<string, unknown>)[key];
      }
      return copy;
    });
  }
  return plain;
}
