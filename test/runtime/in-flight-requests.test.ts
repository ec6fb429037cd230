import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/runtime/errors/mcp-error.js';
import { nowhere } from '../../src/runtime/protocol/outlet.js';
import { IncomingRequest } from '../../src/runtime/pipeline/incoming-request.js';
import { InFlightRequests } from '../../src/runtime/pipeline/stages/track-request.js';

function request(id: string | number, sessionId?: string): IncomingRequest {
  return new IncomingRequest(
    id,
    'ping',
    'ping',
    {},
    { transport: 'http', headers: {}, sessionId },
    '2025-11-25',
    nowhere,
  );
}

describe('InFlightRequests: request ids within a session', () => {
  it('refuses a session reusing the id of a request still running with -32600', () => {
    const inFlight = new InFlightRequests();
    inFlight.add(request(7, 'session-a'));
    expect(() => inFlight.add(request(7, 'session-a'))).toThrow(InvalidRequestError);
  });

  it('treats the number 1 and the string "1" as different ids', () => {
    const inFlight = new InFlightRequests();
    inFlight.add(request(1, 'session-a'));
    expect(() => inFlight.add(request('1', 'session-a'))).not.toThrow();
    expect(inFlight.size).toBe(2);
  });

  it('lets two sessions use the same id at once', () => {
    const inFlight = new InFlightRequests();
    inFlight.add(request(1, 'session-a'));
    expect(() => inFlight.add(request(1, 'session-b'))).not.toThrow();
  });

  it('frees the id once its request is removed', () => {
    const inFlight = new InFlightRequests();
    const first = request(3, 'session-a');
    inFlight.add(first);
    inFlight.remove(first);
    expect(() => inFlight.add(request(3, 'session-a'))).not.toThrow();
    expect(inFlight.size).toBe(1);
  });

  it('does not hold on to the id of a request that was refused', () => {
    const inFlight = new InFlightRequests();
    const running = request(9, 'session-a');
    inFlight.add(running);
    const duplicate = request(9, 'session-a');
    expect(() => inFlight.add(duplicate)).toThrow(InvalidRequestError);
    inFlight.remove(duplicate); // the pipeline removes every request it tracked; the refused one was never added
    expect(() => inFlight.add(request(9, 'session-a'))).toThrow(InvalidRequestError);
    inFlight.remove(running);
    expect(() => inFlight.add(request(9, 'session-a'))).not.toThrow();
  });
});

describe('IncomingRequest', () => {
  it('gives each request its own random requestId, stable once read', () => {
    const a = request(1);
    const b = request(1);
    expect(a.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.requestId).toBe(a.requestId);
    expect(a.requestId).not.toBe(b.requestId);
  });

  it('aborts its signal with the reason given before the signal was first read', () => {
    const ctx = request(1);
    const abort = ctx.abort.bind(ctx);
    abort('client disconnected');
    expect(ctx.abortReason).toBe('client disconnected');
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.signal.reason).toBe('client disconnected');
  });
});
