// API keys are configured as SHA-256 digests and compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from './errors.js';

const digests = (process.env.MCP_KEY_DIGESTS ?? '')
  .split(',')
  .filter(Boolean)
  .map((entry) => {
    const [principal = '', hex = ''] = entry.split('=');
    return { principal, digest: Buffer.from(hex, 'hex') };
  });

/** The principal owning the presented key; throws AuthenticationError otherwise. */
export function authenticateApiKey(presented: string | undefined): string {
  if (!presented) throw new AuthenticationError();
  const presentedDigest = createHash('sha256').update(presented).digest();
  const match = digests.find(
    (entry) => entry.digest.length === presentedDigest.length && timingSafeEqual(entry.digest, presentedDigest),
  );
  if (!match) throw new AuthenticationError();
  return match.principal;
}
