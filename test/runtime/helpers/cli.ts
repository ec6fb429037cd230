import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI (`npm test` builds before running vitest). */
export const cliPath = fileURLToPath(new URL('../../../lib/cli/index.js', import.meta.url));

/** Fails loudly when lib/ has not been built, instead of timing out. */
export function requireBuiltCli(): void {
  if (!existsSync(cliPath)) throw new Error('lib/cli/index.js is missing: run `npm run build` first');
}

/** Starts `safeguard serve --http 127.0.0.1:0 ...` and resolves with the endpoint URL it reports. */
export function spawnHttpServe(
  args: string[] = [],
): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  requireBuiltCli();
  const child = spawn(process.execPath, [cliPath, 'serve', '--http', '127.0.0.1:0', ...args]);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /MCP endpoint (\S+)/.exec(stderr)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}
