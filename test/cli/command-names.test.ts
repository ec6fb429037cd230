import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CLI = path.resolve('lib/cli/index.js');

async function safeguard(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, [CLI, ...args]);
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

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
