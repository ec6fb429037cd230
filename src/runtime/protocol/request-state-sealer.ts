import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { InvalidParamsError } from '../errors/mcp-error.js';

/**
 * Tamper-proof `requestState` for input-required results (2026-07-28): the server's state travels through the client
 * as `base64url(json).base64url(hmac)`, bound to the request it belongs to and to an expiry, so a client can neither
 * alter it nor replay it on another tool.
 */
export class RequestStateSealer {
  private readonly key: Buffer;

  /** `key` should be shared by every instance behind a load balancer; a random one is used otherwise. */
  constructor(
    key?: string | Buffer,
    private readonly ttlMs = 10 * 60_000,
  ) {
    this.key = key === undefined ? randomBytes(32) : Buffer.from(key);
  }

  /** Seals a JSON payload for the request identified by `binding` (e.g. `tools/call:name`). */
  seal(payload: unknown, binding: string): string {
    const body = Buffer.from(JSON.stringify({ b: binding, e: Date.now() + this.ttlMs, p: payload })).toString(
      'base64url',
    );
    return `${body}.${this.mac(body)}`;
  }

  /** Opens a sealed state; anything altered, expired or bound to another request is -32602. */
  open(token: unknown, binding: string): unknown {
    if (typeof token !== 'string' || token.length > 1_000_000)
      throw new InvalidParamsError('Invalid requestState');
    const [body, mac] = token.split('.');
    if (!body || !mac) throw new InvalidParamsError('Invalid requestState');
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new InvalidParamsError('requestState failed its integrity check');
    }
    const state = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      b: string;
      e: number;
      p: unknown;
    };
    if (state.b !== binding) throw new InvalidParamsError('requestState belongs to another request');
    if (state.e < Date.now()) throw new InvalidParamsError('requestState expired');
    return state.p;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
