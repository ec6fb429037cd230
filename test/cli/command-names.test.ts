import { describe, expect, it } from 'vitest';
import { safeguard } from './run-cli.js';

// Names every JavaScript object inherits: a lookup with `in` took them for commands and crashed with a stack.
describe('an unknown command named like an Object property', { timeout: 60_000 }, () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'bogus']) {
    it(`safeguard ${name} exits 2 with a one-line usage error`, async () => {
      const run = await safeguard(name);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`error: unknown command '${name}'`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
