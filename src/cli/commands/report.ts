import { Command } from 'commander';

// Placeholder until this command lands; owned by the helper building it.
export function reportCommand(): Command {
  return new Command('report').description('(not yet available)').action(() => {
    process.stderr.write('safeguard report: not available in this build yet\n');
    process.exitCode = 2;
  });
}
