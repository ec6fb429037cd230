import { Command } from 'commander';

// Placeholder until this command lands; owned by the helper building it.
export function rulesCommand(): Command {
  return new Command('rules').description('(not yet available)').action(() => {
    process.stderr.write('safeguard rules: not available in this build yet\n');
    process.exitCode = 2;
  });
}
