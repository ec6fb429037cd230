import { Command } from 'commander';

// Placeholder until this command lands; owned by the helper building it.
export function auditCommand(): Command {
  return new Command('audit').description('(not yet available)').action(() => {
    process.stderr.write('safeguard audit: not available in this build yet\n');
    process.exitCode = 2;
  });
}
