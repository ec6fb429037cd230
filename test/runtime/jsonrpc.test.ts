import { describe, expect, it } from 'vitest';
import { InvalidRequestError, ParseError } from '../../src/runtime/errors/mcp-error.js';
import { classifyMessage } from '../../src/runtime/jsonrpc/message.js';
import { jsonNestingDepth, parseJsonText } from '../../src/runtime/jsonrpc/parse.js';

describe('parseJsonText', () => {
  it('rejects malformed JSON with a ParseError (-32700)', () => {
    expect(() => parseJsonText('{"jsonrpc": "2.0",')).toThrow(ParseError);
  });

  it('rejects a message larger than the byte limit as an invalid request', () => {
    expect(() =>
      parseJsonText(JSON.stringify({ a: 'x'.repeat(200) }), { maxBytes: 100, maxDepth: 10 }),
    ).toThrow(InvalidRequestError);
  });

  it('rejects nesting deeper than the limit before parsing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseJsonText(deep, { maxBytes: 1_000_000, maxDepth: 64 })).toThrow(/depth 64/);
  });

  it('does not count brackets inside strings as nesting', () => {
    expect(jsonNestingDepth('{"a":"[[[[{{{{\\"]]"}')).toBe(1);
  });

  it('drops __proto__ keys so they cannot reach object merges', () => {
    const parsed = parseJsonText(
      '{"params":{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}}',
    ) as {
      params: Record<string, unknown>;
    };
    expect(Object.keys(parsed.params)).toEqual(['constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('classifyMessage', () => {
  it('sorts requests, notifications and responses', () => {
    expect(classifyMessage({ jsonrpc: '2.0', id: 1, method: 'ping' }).kind).toBe('request');
    expect(classifyMessage({ jsonrpc: '2.0', method: 'notifications/initialized' }).kind).toBe(
      'notification',
    );
    expect(classifyMessage({ jsonrpc: '2.0', id: 'a', result: {} }).kind).toBe('response');
  });

  it('reports an invalid message with the id when it can be read', () => {
    expect(classifyMessage({ jsonrpc: '1.0', id: 7, method: 'ping' })).toMatchObject({
      kind: 'invalid',
      id: 7,
    });
    expect(classifyMessage({ jsonrpc: '2.0', id: 7, method: 42 })).toMatchObject({ kind: 'invalid', id: 7 });
    expect(classifyMessage({ jsonrpc: '2.0', id: 1.5, method: 'ping' })).toMatchObject({
      kind: 'invalid',
      id: null,
    });
    expect(classifyMessage({ jsonrpc: '2.0', id: 2, method: 'ping', params: [1] })).toMatchObject({
      kind: 'invalid',
    });
    expect(classifyMessage('ping')).toMatchObject({ kind: 'invalid', id: null });
  });
});
