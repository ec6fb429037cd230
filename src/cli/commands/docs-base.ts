import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../audit/package-root.js';
import { packageDocsBaseUrl, type PackageLocation } from '../../report/docs-link.js';

/**
 * The docs base for report links: `--docs-base-url` when given, else the one derived from this package's own
 * package.json (`repository`/`homepage` at the release tag), else none, and reports then carry no help links.
 */
export function docsBaseUrl(flag: string | undefined, packageRoot = PACKAGE_ROOT): string | undefined {
  if (flag !== undefined) return flag;
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as PackageLocation;
    return packageDocsBaseUrl(pkg);
  } catch {
    // The tool's own package.json is part of the install; without it there is simply no link to derive.
    return undefined;
  }
}
