/** OAuth 2.0 Protected Resource Metadata (RFC 9728), served at `/.well-known/oauth-protected-resource`. */
import type { OAuthConfig } from '../config/serve-config.js';

export const WELL_KNOWN_PROTECTED_RESOURCE = '/.well-known/oauth-protected-resource';

/** The metadata document clients use to find our authorization server. */
export function protectedResourceMetadata(oauth: OAuthConfig): Record<string, unknown> {
  return {
    resource: oauth.resource,
    authorization_servers: oauth.authorizationServers,
    bearer_methods_supported: ['header'],
    ...(oauth.scopesSupported.length > 0 ? { scopes_supported: oauth.scopesSupported } : {}),
    resource_signing_alg_values_supported: oauth.algorithms,
  };
}

/**
 * The paths the metadata is served at: the well-known path with the resource's path appended (RFC 9728 §3.1, e.g.
 * `/.well-known/oauth-protected-resource/mcp`), and the bare well-known path for clients that try that first.
 */
export function protectedResourcePaths(resource: string): string[] {
  const path = new URL(resource).pathname.replace(/\/$/, '');
  return path === ''
    ? [WELL_KNOWN_PROTECTED_RESOURCE]
    : [WELL_KNOWN_PROTECTED_RESOURCE + path, WELL_KNOWN_PROTECTED_RESOURCE];
}

/** The absolute URL of the metadata, for `WWW-Authenticate: Bearer resource_metadata="…"`. */
export function protectedResourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  return `${url.origin}${protectedResourcePaths(resource)[0]}`;
}
