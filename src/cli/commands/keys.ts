import { Command } from 'commander';

// Placeholder until this command lands; owned by the helper building it.
export function keysCommand(): Command {
  return new Command('keys').description('(not yet available)').action(() => {
    process.stderr.write('safeguard keys: not available in this build yet\n');
    process.exitCode = 2;
  });
}
