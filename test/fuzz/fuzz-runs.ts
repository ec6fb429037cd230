/**
 * How many cases each fuzz target runs: a few hundred in `npm test`, 10 000 or more with `npm run fuzz`
 * (FUZZ_RUNS=10000). FUZZ_SEED replays a reported failure.
 */
import fc from 'fast-check';

export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);

/** fast-check parameters for one target. */
export function fuzzParameters<T>(): fc.Parameters<T> {
  const seed = process.env['FUZZ_SEED'];
  return { numRuns: FUZZ_RUNS, ...(seed === undefined ? {} : { seed: Number(seed) }) };
}

/** Time a target may take: generous per case, so only a real hang fails it. */
export function fuzzTimeoutMs(msPerCase: number): number {
  return 30_000 + FUZZ_RUNS * msPerCase;
}

/** Runs a property and prints one summary line (the numbers `npm run fuzz` reports). */
export async function runFuzz<T>(
  target: string,
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
): Promise<void> {
  const started = Date.now();
  const details = await fc.check(property, fuzzParameters<T>());
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz ${target}: ${details.numRuns} cases in ${seconds} s, ${details.failed ? 1 : 0} failing` +
      (details.failed ? ` (seed ${details.seed}, path ${details.counterexamplePath})` : ''),
  );
  if (details.failed) {
    throw new Error(
      `${target}: counterexample ${fc.stringify(details.counterexample)}: ${String(details.errorInstance)}`,
    );
  }
}

/** A stack trace in text the server sent or wrote: `at fn (file:line:col)` lines. */
export const STACK_LINE = /\n\s+at \S.*[:(]\d+:\d+\)?/;
