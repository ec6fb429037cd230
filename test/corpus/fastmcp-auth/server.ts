// A deployment helper on FastMCP, over HTTP streaming, with API keys stored as SHA-256 digests and per-tool roles.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastMCP, UserError } from 'fastmcp';
import { z } from 'zod';
import { keyDigests } from './keys.js';

interface Caller {
  [key: string]: unknown;
  id: string;
  role: 'admin' | 'viewer';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Finds the caller whose key digest matches, comparing digests in constant time. */
function callerForKey(presented: string): Caller | undefined {
  const presentedDigest = digest(presented);
  for (const entry of keyDigests) {
    const stored = Buffer.from(entry.sha256, 'hex');
    if (stored.length === presentedDigest.length && timingSafeEqual(stored, presentedDigest)) {
      return { id: entry.id, role: entry.role };
    }
  }
  return undefined;
}

const server = new FastMCP<Caller>({
  name: 'deployer',
  version: '1.2.0',
  authenticate: async (request: IncomingMessage) => {
    const header = request.headers['x-api-key'];
    const caller = typeof header === 'string' ? callerForKey(header) : undefined;
    if (!caller) {
      throw new Response(null, { status: 401, statusText: 'Unauthorized' });
    }
    return caller;
  },
});

server.addTool({
  name: 'list_releases',
  description: 'Lists the last releases of a service.',
  parameters: z.object({ service: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/) }),
  annotations: { readOnlyHint: true },
  execute: async ({ service }, { log }) => {
    log.info('listing releases', { service });
    return JSON.stringify([{ service, version: '1.0.0' }]);
  },
});

server.addTool({
  name: 'rollback',
  description: 'Rolls a service back to its previous release.',
  parameters: z.object({ service: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/), reason: z.string().max(500) }),
  annotations: { destructiveHint: true },
  canAccess: (caller) => caller.role === 'admin',
  timeoutMs: 30_000,
  execute: async ({ service, reason }, { log, reportProgress, session }) => {
    if (service === 'auth') {
      throw new UserError('The auth service cannot be rolled back from here.');
    }
    log.warn('rollback requested', { service, reason, by: session?.id ?? 'unknown' });
    await reportProgress({ progress: 1, total: 2 });
    await reportProgress({ progress: 2, total: 2 });
    return `Rolled back ${service}.`;
  },
});

await server.start({
  transportType: 'httpStream',
  httpStream: { port: Number(process.env.PORT ?? 8080), host: '127.0.0.1', endpoint: '/mcp' },
});
