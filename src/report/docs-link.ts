/**
 * Where a safeguard's documentation lives. Rule files name a repo-relative anchor
 * (`docs/capabilities/mcp-rate-limiting.md#rate-limiter-present`); a report turns it into a link only when it
 * knows a base to resolve it against, because a guessed URL would be a broken promise.
 */

/** The docs link for `docs` against `base` (absolute URL or a relative prefix such as `../`), or undefined. */
export function docsLink(docs: string, base: string | undefined): string | undefined {
  if (docs === '') return undefined;
  if (isAbsoluteUrl(docs)) return docs;
  if (base === undefined || base === '') return undefined;
  return `${base.endsWith('/') ? base : `${base}/`}${docs.replace(/^\.?\//, '')}`;
}

/** The docs URL for SARIF's `helpUri`, which must be absolute; undefined when no absolute base is known. */
export function docsUri(docs: string, base: string | undefined): string | undefined {
  const link = docsLink(docs, base);
  return link !== undefined && isAbsoluteUrl(link) ? link : undefined;
}

function isAbsoluteUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

/** The fields of a package.json that say where the package's source, and so its docs folder, is published. */
export interface PackageLocation {
  version?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
  homepage?: string;
}

/**
 * The stable docs base of a published package: its repository's tree at the release tag `v<version>`, so a report
 * made with version 1.2.0 links to the docs of 1.2.0 however far the default branch has moved. Derived from
 * `repository` (npm's shorthands `owner/repo`, `github:owner/repo`, `gitlab:…`, or a git URL, with its `directory`),
 * else from a `homepage` that is itself a GitHub or GitLab repository page. Undefined when neither names one of those
 * hosts or there is no version: another host's layout for files at a tag is unknown, and a guessed link would break.
 */
export function packageDocsBaseUrl(pkg: PackageLocation): string | undefined {
  if (pkg.version === undefined || pkg.version === '') return undefined;
  const repository = typeof pkg.repository === 'string' ? { url: pkg.repository } : (pkg.repository ?? {});
  const hosted =
    (repository.url !== undefined ? hostedRepository(repository.url) : undefined) ??
    (pkg.homepage !== undefined ? hostedRepository(pkg.homepage) : undefined);
  if (hosted === undefined) return undefined;
  const directory = (repository.directory ?? '').replace(/^\.?\/+|\/+$/g, '');
  const tree = hosted.host === 'gitlab.com' ? '-/blob' : 'blob';
  const base = `https://${hosted.host}/${hosted.owner}/${hosted.name}/${tree}/v${encodeURIComponent(pkg.version)}/`;
  return directory === '' ? base : `${base}${directory.split('/').map(encodeURIComponent).join('/')}/`;
}

const HOSTS: Record<string, string> = { github: 'github.com', gitlab: 'gitlab.com' };

// `owner/repo`, `github:owner/repo`, `git+https://github.com/owner/repo.git`, `git@github.com:owner/repo.git`,
// `https://github.com/owner/repo#readme`: the host, owner and repository name, for GitHub and GitLab only.
function hostedRepository(text: string): { host: string; owner: string; name: string } | undefined {
  const shorthand = /^(?:(github|gitlab):)?([\w.-]+)\/([\w.-]+)$/.exec(text.trim());
  if (shorthand) {
    return { host: HOSTS[shorthand[1] ?? 'github']!, owner: shorthand[2]!, name: stripGit(shorthand[3]!) };
  }
  const url =
    /^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?(github\.com|gitlab\.com)\/([\w.-]+)\/([\w.-]+)/.exec(
      text.trim(),
    );
  const scp = /^git@(github\.com|gitlab\.com):([\w.-]+)\/([\w.-]+)/.exec(text.trim());
  const match = url ?? scp;
  return match ? { host: match[1]!, owner: match[2]!, name: stripGit(match[3]!) } : undefined;
}

function stripGit(name: string): string {
  return name.replace(/\.git$/, '');
}
