import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliPath, requireBuiltCli, spawnHttpServe } from './helpers/cli.js';
import { initialize, jsonHeaders } from './helpers/http-server.js';

describe('safeguard serve --http: graceful shutdown', () => {
  it('finishes an in-flight request on SIGTERM, then stops accepting and exits 0', async () => {
    const { child, url } = await spawnHttpServe(['--conformance', '--shutdown-grace', '5000']);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const session = await initialize(url);
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...jsonHeaders, 'mcp-session-id': session },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'test_tool_with_progress', _meta: { progressToken: 't' } },
      }),
    });
    const reader = res.body!.getReader();
    await reader.read(); // the first progress event: the call is running
    child.kill('SIGTERM');
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toContain('"result"');
    expect(await exited).toBe(0);
    await expect(fetch(url, { method: 'POST', headers: jsonHeaders, body: '{}' })).rejects.toThrow();
  });
});

describe('safeguard serve --stdio: graceful shutdown', () => {
  it('answers the request in flight on SIGTERM, then exits 0', async () => {
    requireBuiltCli();
    const child = spawn(process.execPath, [cliPath, 'serve', '--stdio', '--conformance']);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let stdout = '';
    const sawProgress = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('notifications/progress')) resolve();
      }),
    );
    const call = { name: 'test_tool_with_progress', _meta: { progressToken: 'p' } };
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: call })}\n`);
    await sawProgress;
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      id: number;
      result: { content: unknown[] };
    };
    expect(last).toMatchObject({ id: 1, result: { content: [{ type: 'text' }] } });
  });
});
