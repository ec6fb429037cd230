/** Every command ends with the exit codes docs/cli.md lists; usage errors are mapped once, for all of them. */
import { describe, expect, it } from 'vitest';
import { safeguard } from './run-cli.js';

describe('usage errors exit 2 under every command', { timeout: 60_000 }, () => {
  const commands = [
    ['audit'],
    ['report', 'audit.json'],
    ['rules', 'list'],
    ['keys'],
    ['keys', 'create'],
    ['keys', 'hash'],
    ['keys', 'hash-password'],
    ['serve'],
  ];
  for (const command of commands) {
    it(`safeguard ${command.join(' ')} --no-such-option`, async () => {
      const run = await safeguard(...command, '--no-such-option');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("error: unknown option '--no-such-option'");
    });
  }

  it('an unknown subcommand of keys', async () => {
    const run = await safeguard('keys', 'rotate');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown command 'rotate'");
  });
});

describe('input errors print one line naming the command and exit 2', { timeout: 60_000 }, () => {
  it('safeguard keys hash-password with a cost out of range', async () => {
    const run = await safeguard('keys', 'hash-password', '--cost', '3');
    expect([run.code, run.stderr]).toEqual([
      2,
      'safeguard keys hash-password: --cost must be an integer from 10 to 15\n',
    ]);
  });

  it('safeguard rules explain with an unknown id', async () => {
    const run = await safeguard('rules', 'explain', 'no-such-safeguard', '--no-bundled-rules');
    expect([run.code, run.stderr]).toEqual([
      2,
      "safeguard rules explain: no safeguard with id 'no-such-safeguard' (see safeguard rules list)\n",
    ]);
  });
});
