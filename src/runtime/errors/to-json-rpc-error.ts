import { ErrorCode, McpError } from './mcp-error.js';

/** A JSON-RPC 2.0 error object. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/**
 * The one place where thrown values become JSON-RPC error objects. McpErrors keep their code, message and data;
 * anything else (a bug, a library error) becomes a generic -32603 so no stack, path or secret reaches the client.
 */
export function toJsonRpcError(error: unknown): JsonRpcErrorObject {
  if (error instanceof McpError) {
    return error.data === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, data: error.data };
  }
  return { code: ErrorCode.InternalError, message: 'Internal error' };
}

/** The HTTP status a transport should use for an error when no stage chose one. */
export function httpStatusFor(code: number): number {
  switch (code) {
    case ErrorCode.ParseError:
    case ErrorCode.InvalidRequest:
    case ErrorCode.HeaderMismatch:
    case ErrorCode.UnsupportedProtocolVersion:
    case ErrorCode.MissingRequiredClientCapability:
      return 400;
    case ErrorCode.Unauthenticated:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.SessionNotFound:
      return 404;
    case ErrorCode.RateLimited:
      return 429;
    default:
      return 200;
  }
}
