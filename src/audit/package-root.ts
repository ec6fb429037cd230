import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The installed package's root directory (this file sits at src/audit or lib/audit, two levels down). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The bundled rule pack: the package's `rules/` directory. */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/** The package name and version, as reports name the tool. */
export function toolIdentity(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
}
