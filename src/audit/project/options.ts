import type { AuditConfig } from '../config.js';
import type { LoadOptions } from './load.js';

/** The user's say over what is audited: `--include` / `--exclude` globs (repeatable). */
export interface ScopeFlags {
  include?: readonly string[];
  exclude?: readonly string[];
}

/** How to load the project, from the config file's values and the command line's flags (which outrank them). */
export function loadOptions(config: AuditConfig, flags: ScopeFlags = {}): LoadOptions {
  return {
    ...(config.include ? { include: config.include } : {}),
    ...(config.exclude ? { exclude: config.exclude } : {}),
    ...(flags.include?.length || flags.exclude?.length
      ? { flags: { include: flags.include ?? [], exclude: flags.exclude ?? [] } }
      : {}),
    ...(config['max-file-bytes'] ? { maxFileBytes: config['max-file-bytes'] } : {}),
  };
}
