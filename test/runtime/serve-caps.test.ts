/**
 * The session and listen-stream caps are settable in the serve config (`server.max_sessions_per_principal`,
 * `server.max_listen_streams_per_principal`, ...) and reach the runtime of `safeguard serve`, over a real socket.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../src/runtime/auth/api-key.js';
import { parseServerConfig } from '../../src/runtime/config/load.js';
import { spawnHttpServe } from './helpers/cli.js';
import { openListenStream, post } from './helpers/http-server.js';

const key = generateApiKey();
const as = { authorization: `Bearer ${key}` };
const security = {
  api_keys: [{ id: 'ci', hash: digestApiKey(key), principal: 'ci-bot', tenant: 't', roles: ['user'] }],
  roles: { admin: ['*'], user: ['read', 'execute'] },
};

describe('serve config: session and listen-stream caps', () => {
  it('parses the four caps into the server settings', () => {
    const config = parseServerConfig({
      server: {
        max_sessions: 50,
        max_sessions_per_principal: 5,
        max_listen_streams: 20,
        max_listen_streams_per_principal: 2,
      },
    });
    expect(config.server).toMatchObject({
      maxSessions: 50,
      maxSessionsPerPrincipal: 5,
      maxSubscriptions: 20,
      maxSubscriptionsPerPrincipal: 2,
    });
    expect(() => parseServerConfig({ server: { max_sessions: 0 } })).toThrow(/max_sessions/);
  });

  describe('safeguard serve', () => {
    let served: Awaited<ReturnType<typeof spawnHttpServe>>;
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'serve-caps-'));
      const file = join(dir, 'server.json');
      writeFileSync(
        file,
        JSON.stringify({
          server: { max_sessions_per_principal: 2, max_listen_streams_per_principal: 1 },
          security,
          logging: { level: 'error', destination: join(dir, 'log.jsonl') },
        }),
      );
      served = await spawnHttpServe(['--conformance', '--config', file]);
    });
    afterAll(() => {
      served.child.kill('SIGTERM');
    });

    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    };
    const ping = { jsonrpc: '2.0', id: 2, method: 'ping', params: {} };

    it("ends the principal's oldest session beyond max_sessions_per_principal", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await post(served.url, initialize, as);
        ids.push(res.headers.get('mcp-session-id')!);
      }
      const status = async (id: string) =>
        (await post(served.url, ping, { ...as, 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' }))
          .status;
      expect(await status(ids[0]!)).toBe(404);
      expect(await status(ids[2]!)).toBe(200);
    });

    it('refuses a listen stream beyond max_listen_streams_per_principal', async () => {
      const controllers: AbortController[] = [];
      const listen = async () => {
        const controller = new AbortController();
        controllers.push(controller);
        return (await openListenStream(served.url, as, controller.signal)).first;
      };
      try {
        expect(await listen()).toMatch(/subscriptions\/acknowledged/);
        expect(await listen()).toMatch(/Too many open subscriptions/);
      } finally {
        for (const controller of controllers) controller.abort();
      }
    });
  });
});
