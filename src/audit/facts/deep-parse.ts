import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Diagnostic } from '../scorecard.js';
import { readSuppressions } from './suppressions.js';
import type { FileFacts } from './types.js';

/** What the worker is asked: one file, and where to say it is done. */
export interface DeepParseRequest {
  path: string;
  text: string;
  signal: Int32Array;
}

/** Facts of one file by kind, as plain data without their `file`. */
export type PlainFacts = Record<string, Record<string, unknown>[]>;

/** What the worker answers. */
export type DeepParseResult =
  | { outcome: 'parsed'; facts: PlainFacts; problem: Diagnostic | undefined }
  | { outcome: 'too-deep' }
  | { outcome: 'failed'; message: string };

// The compiler's parser needs about 1.1 kB of stack per nesting level (`((((…))))` exhausts the default 984 kB near
// 900 levels); 256 MB parses some 200 000 levels, a tenth of what the 2 MiB source limit can nest. The stack is
// reserved, not used, until the parser descends.
const WORKER_STACK_MB = 256;
// A worker that neither answers nor fails within this time (it ran out of memory, its thread died) is given up on.
const WORKER_TIMEOUT_MS = 300_000;
// Compiled beside this module in lib/; absent when running from the TypeScript sources (then deep files are skipped).
const WORKER_FILE = fileURLToPath(new URL('./deep-parse-worker.js', import.meta.url));
// Loads the worker module and answers `failed` when it cannot: the main thread waits for an answer and cannot see the
// worker's own error events while it waits.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.module).catch((error) => {
  workerData.port.postMessage({ outcome: 'failed', message: String((error && error.stack) || error) });
  Atomics.store(workerData.signal, 0, 1);
  Atomics.notify(workerData.signal, 0);
});
`;

/**
 * Parses a file that exhausted the call stack of this thread in a worker thread with a larger one, and gathers every
 * fact of it there. Blocks until the worker answers (the audit is synchronous up to here and files nested this deep
 * are rare: the worker is started only for them). Undefined when the file is too deep for the worker as well.
 */
export function parseInWorker(
  path: string,
  text: string,
  stackSizeMb = WORKER_STACK_MB,
): { facts: FileFacts; problem: Diagnostic | undefined } | undefined {
  if (!existsSync(WORKER_FILE)) return undefined;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const module = pathToFileURL(WORKER_FILE).href;
  const request: DeepParseRequest & { port: typeof port2; module: string } = {
    path,
    text,
    signal,
    port: port2,
    module,
  };
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: request,
    transferList: [port2],
    // None of this process's Node options (a test runner's loader, --input-type) apply to the worker's module.
    execArgv: [],
    resourceLimits: { stackSizeMb },
  });
  // A worker that dies without answering is reported by the timeout below, not as an unhandled event.
  worker.on('error', () => undefined);
  try {
    Atomics.wait(signal, 0, 0, WORKER_TIMEOUT_MS);
    const result = receiveMessageOnPort(port1)?.message as DeepParseResult | undefined;
    if (!result || result.outcome === 'too-deep') return undefined;
    if (result.outcome === 'failed') throw new Error(`parsing ${path} in a worker failed: ${result.message}`);
    return { facts: factsOf(path, text, result.facts), problem: result.problem };
  } finally {
    port1.close();
    void worker.terminate();
  }
}

function factsOf(path: string, text: string, plain: PlainFacts): FileFacts {
  const facts = { path, text, suppressions: readSuppressions(text) } as unknown as Record<string, unknown>;
  for (const [kind, list] of Object.entries(plain)) {
    for (const fact of list) fact.file = facts;
    facts[kind] = list;
  }
  return facts as unknown as FileFacts;
}
