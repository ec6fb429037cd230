/**
 * What a client can make the HTTP transport hold before anyone is authenticated (issue 15, item 5), over raw
 * sockets: an oversized body announced with `Expect: 100-continue` is refused before it is sent, bodies being
 * received share a fixed budget, and connections are capped.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer } from '../helpers/http-server.js';

let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
});

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** The first bytes the server sends within `ms`, '' if none, 'closed' if it closed the connection first. */
function firstReply(socket: Socket, ms = 1_000): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(''), ms);
    socket.once('data', (data: Buffer) => {
      clearTimeout(timer);
      resolve(data.toString('latin1'));
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
  });
}

function postHead(length: number, extra = ''): string {
  return (
    'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
    `Accept: application/json, text/event-stream\r\nContent-Length: ${length}\r\n${extra}\r\n`
  );
}

describe('before authentication, the HTTP transport', () => {
  it('answers 413 to an oversized body announced with Expect: 100-continue, without inviting it', async () => {
    server = await startHttpServer({ maxBodyBytes: 1024 * 1024 });
    const socket = await open(server.url);
    socket.write(postHead(20 * 1024 * 1024, 'Expect: 100-continue\r\n'));
    expect(await firstReply(socket)).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('still answers 100 Continue to a body within the limit, then serves it', async () => {
    server = await startHttpServer();
    const socket = await open(server.url);
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    });
    socket.write(postHead(body.length, 'Expect: 100-continue\r\n'));
    expect(await firstReply(socket)).toMatch(/^HTTP\/1\.1 100 Continue/);
    const reply = firstReply(socket);
    socket.write(body);
    expect(await reply).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('refuses with 503 a body that would take the bodies being received past their budget', async () => {
    server = await startHttpServer({ maxBodyBytes: 64 * 1024, maxBufferedBodyBytes: 100 * 1024 });
    const holders = [await open(server.url), await open(server.url)];
    for (const socket of holders) socket.write(postHead(60 * 1024) + 'x'.repeat(50 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const third = await open(server.url);
    third.write(postHead(60 * 1024) + 'x'.repeat(2 * 1024));
    const reply = await firstReply(third);
    expect(reply).toMatch(/^HTTP\/1\.1 503 /);
    expect(reply.toLowerCase()).toContain('retry-after: 1');
  });

  it('closes connections beyond maxConnections', async () => {
    server = await startHttpServer({ maxConnections: 2 });
    await open(server.url);
    await open(server.url);
    const third = await open(server.url);
    expect(await firstReply(third)).toBe('closed');
  });
});
