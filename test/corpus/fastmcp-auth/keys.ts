// API keys as configured by the operator: only SHA-256 digests are stored, never the keys themselves.
export const keyDigests: { id: string; sha256: string; role: 'admin' | 'viewer' }[] = (
  process.env.DEPLOYER_KEYS ?? ''
)
  .split(',')
  .filter(Boolean)
  .map((entry) => {
    const [id = '', role = 'viewer', sha256 = ''] = entry.split(':');
    return { id, sha256, role: role === 'admin' ? 'admin' : 'viewer' };
  });
