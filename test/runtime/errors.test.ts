import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ErrorCode,
  RateLimitExceeded,
  ToolNotFoundError,
  ValidationError,
} from '../../src/runtime/errors/mcp-error.js';
import { httpStatusFor, toJsonRpcError } from '../../src/runtime/errors/to-json-rpc-error.js';

describe('toJsonRpcError', () => {
  it('keeps the code, message and data of an McpError', () => {
    expect(toJsonRpcError(new RateLimitExceeded(1500))).toEqual({
      code: ErrorCode.RateLimited,
      message: 'Rate limit exceeded',
      data: { retryAfterMs: 1500 },
    });
  });

  it('reports an unknown tool as -32602, as the spec asks', () => {
    expect(toJsonRpcError(new ToolNotFoundError('nope')).code).toBe(-32602);
  });

  it('lists validation issues in data', () => {
    expect(toJsonRpcError(new ValidationError('bad', ['/a must be string'])).data).toEqual({
      issues: ['/a must be string'],
    });
  });

  it('turns any other error into a generic -32603 without its message or stack', () => {
    const mapped = toJsonRpcError(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
    expect(mapped).toEqual({ code: -32603, message: 'Internal error' });
    expect(JSON.stringify(mapped)).not.toMatch(/hunter2|ECONNREFUSED|at /);
  });
});

describe('httpStatusFor', () => {
  it('maps authentication, authorization, sessions and rate limits to their HTTP statuses', () => {
    expect(httpStatusFor(new AuthenticationError().code)).toBe(401);
    expect(httpStatusFor(ErrorCode.Forbidden)).toBe(403);
    expect(httpStatusFor(ErrorCode.SessionNotFound)).toBe(404);
    expect(httpStatusFor(ErrorCode.RateLimited)).toBe(429);
    expect(httpStatusFor(ErrorCode.MethodNotFound)).toBe(200);
  });
});
