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
