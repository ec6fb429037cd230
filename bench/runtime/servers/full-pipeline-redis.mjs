// full-pipeline.mjs with its rate-limit buckets and sessions in Redis (a redis-server of its own on a free port,
// persistence off): the difference between the two is what the shared store costs per request. Redis runs on the
// same machine, so its own CPU is not in the server's figure; the round trips it adds are (see counters).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { openRedisSharedState } from '../../../lib/runtime/store/redis-shared-state.js';
import { start as startFullPipeline } from './full-pipeline.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function startRedis(port) {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve(child);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
}

let connection;

export async function start() {
  const port = await freePort();
  const redis = await startRedis(port);
  const shared = await openRedisSharedState({
    url: `redis://127.0.0.1:${port}`,
    keyPrefix: 'bench:',
    onUnavailable: 'refuse',
    timeoutMs: 1000,
  });
  connection = shared.connection;
  const running = await startFullPipeline(shared);
  return {
    ...running,
    close: async () => {
      await running.close();
      await shared.close();
      redis.kill('SIGTERM');
    },
  };
}

/** Commands sent to Redis so far, each a round trip: bench/runtime/index.mjs divides the difference by requests. */
export function counters() {
  return { redisCommands: connection.commandsSent };
}
