import type { Command } from 'commander';
import { repeatable } from './repeatable.js';

/** Where the rules come from: the bundled rules unless turned off, and any extra rule directories. */
export interface RuleSourceFlags {
  rules: string[];
  bundledRules: boolean;
}

/** Adds `--rules` and `--no-bundled-rules`, the options of every command that loads rules. */
export const withRuleSources = (command: Command): Command =>
  command
    .option('--rules <dir>', 'an extra rule directory (repeatable)', repeatable, [])
    .option('--no-bundled-rules', 'do not load the rules shipped with the tool');
