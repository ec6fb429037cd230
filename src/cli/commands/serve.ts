import { Command } from 'commander';

// Placeholder until this command lands; owned by the helper building it.
export function serveCommand(): Command {
  return new Command('serve').description('(not yet available)').action(() => {
    process.stderr.write('safeguard serve: not available in this build yet\n');
    process.exitCode = 2;
  });
}
