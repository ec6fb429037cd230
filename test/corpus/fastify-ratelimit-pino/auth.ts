// API-key authentication: keys are kept as bcrypt hashes and checked with bcrypt's constant-time compare.
import bcrypt from 'bcryptjs';

const keyHashes = (process.env.FX_KEY_HASHES ?? '').split(',').filter(Boolean);

/** The principal for a presented API key, or undefined when no stored hash matches. */
export async function authenticate(presented: string | string[] | undefined): Promise<string | undefined> {
  if (typeof presented !== 'string' || presented.length === 0) return undefined;
  for (const [index, hash] of keyHashes.entries()) {
    if (await bcrypt.compare(presented, hash)) return `key-${index}`;
  }
  return undefined;
}
