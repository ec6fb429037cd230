import { randomUUID } from 'node:crypto';
import { InternalError, McpError, RequestCancelledError } from '../errors/mcp-error.js';
import type { JsonRpcResponse } from '../jsonrpc/message.js';
import type { Outlet } from './outlet.js';

interface Pending {
  /** The session the request went to; only that session may answer it. */
  owner: string | undefined;
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
}

/**
 * Requests the server sends to the client (sampling, elicitation, roots), correlated with their responses. Ids are
 * random and a response is accepted only from the session the request went to, so no client can answer for another.
 */
export class ClientRequests {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly timeoutMs = 60_000) {}

  /** Sends a request through the outlet and resolves with the client's result (or rejects with its error). */
  request(
    outlet: Outlet,
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal,
    owner?: string,
  ): Promise<Record<string, unknown>> {
    if (outlet.closed) return Promise.reject(new InternalError('No channel to the client for this request'));
    const id = `srv-${randomUUID()}`;
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      const onAbort = () => {
        finish();
        reject(new RequestCancelledError());
      };
      const timer = setTimeout(() => {
        finish();
        reject(new McpError(-32001, `Client did not answer ${method} in time`));
      }, this.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        owner,
        resolve: (r) => {
          finish();
          resolve(r);
        },
        reject: (e) => {
          finish();
          reject(e);
        },
      });
      outlet.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Delivers a response from the client; returns false when no request is waiting for it. */
  settle(response: JsonRpcResponse, from?: string): boolean {
    const pending = response.id === null ? undefined : this.pending.get(String(response.id));
    if (!pending || pending.owner !== from) return false;
    if ('result' in response) pending.resolve(response.result);
    else pending.reject(new McpError(response.error.code, response.error.message, response.error.data));
    return true;
  }
}
