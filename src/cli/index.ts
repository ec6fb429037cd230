#!/usr/bin/env node
/** The `safeguard` command: one subcommand per file in ./commands. */
import { Command } from 'commander';
import { auditCommand } from './commands/audit.js';
import { rulesCommand } from './commands/rules.js';
import { reportCommand } from './commands/report.js';
import { serveCommand } from './commands/serve.js';
import { keysCommand } from './commands/keys.js';
import { toolVersion } from './version.js';

const program = new Command('safeguard')
  .description('Audit Model Context Protocol servers against safeguard rules, and serve the reference MCP runtime.')
  .version(toolVersion())
  .showHelpAfterError()
  .addCommand(auditCommand())
  .addCommand(rulesCommand())
  .addCommand(reportCommand())
  .addCommand(serveCommand())
  .addCommand(keysCommand());

await program.parseAsync(process.argv);
