/** Protocol versions and their negotiation, for both MCP eras. */

/** Session-era versions (initialize handshake), newest first. */
export const sessionEraVersions = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

/** Stateless-era versions (per-request `_meta`, `server/discover`), newest first. */
export const statelessEraVersions = ['2026-07-28'] as const;

/** Every version the runtime speaks, newest first. */
export const supportedProtocolVersions: readonly string[] = [...statelessEraVersions, ...sessionEraVersions];

export const latestSessionVersion = sessionEraVersions[0];
export const latestProtocolVersion = statelessEraVersions[0];

/** The version assumed for an HTTP request with neither a session nor a version header (spec: 2025-03-26). */
export const defaultHttpVersion = '2025-03-26';

/** Whether a version belongs to the stateless era. */
export function isStatelessVersion(version: string): boolean {
  return (statelessEraVersions as readonly string[]).includes(version);
}

/** Whether JSON-RPC batches are allowed at this version (only 2025-03-26 had them). */
export function allowsBatches(version: string): boolean {
  return version === '2025-03-26';
}

// Date versions (YYYY-MM-DD) and dotted versions (1.2.0) both order correctly by numeric parts.
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (Number.isNaN(d)) return a < b ? -1 : a > b ? 1 : 0;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The highest version both sides support, or undefined when they share none.
 * `negotiateVersion(['1.1','1.0'], ['1.2','1.1','1.0'])` is `'1.1'`; date versions work the same way.
 */
export function negotiateVersion(
  clientVersions: readonly string[],
  serverVersions: readonly string[] = supportedProtocolVersions,
): string | undefined {
  const server = new Set(serverVersions);
  const common = clientVersions.filter((v) => server.has(v));
  return common.sort(compareVersions).at(-1);
}

/**
 * The session-era answer to `initialize`: the client's version when we speak it, else our latest session version
 * (the client then decides whether to continue).
 */
export function versionForInitialize(requested: unknown): string {
  return typeof requested === 'string' && (sessionEraVersions as readonly string[]).includes(requested)
    ? requested
    : latestSessionVersion;
}
