/** `WWW-Authenticate` challenges (RFC 6750 §3, with the RFC 9728 `resource_metadata` parameter). */

export interface ChallengeOptions {
  /** Where the protected-resource metadata lives (only when OAuth is configured). */
  resourceMetadataUrl?: string;
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  description?: string;
  /** Scopes needed, for insufficient_scope. */
  scope?: readonly string[];
}

/** A Bearer challenge; values are quoted and stripped of characters that could break the header. */
export function bearerChallenge(options: ChallengeOptions): string {
  const params: string[] = ['realm="mcp"'];
  if (options.resourceMetadataUrl) params.push(`resource_metadata="${quote(options.resourceMetadataUrl)}"`);
  if (options.error) params.push(`error="${options.error}"`);
  if (options.description) params.push(`error_description="${quote(options.description)}"`);
  if (options.scope && options.scope.length > 0) params.push(`scope="${quote(options.scope.join(' '))}"`);
  return `Bearer ${params.join(', ')}`;
}

// RFC 6750 restricts these values to visible ASCII without `"` and `\`.
function quote(value: string): string {
  return value.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '');
}
