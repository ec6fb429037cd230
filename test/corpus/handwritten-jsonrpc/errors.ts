// One error hierarchy, mapped to JSON-RPC codes in exactly one place (toJsonRpcError).
export class McpError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class ParseError extends McpError {
  constructor() {
    super(-32700, 'Parse error');
  }
}

export class InvalidRequestError extends McpError {
  constructor(detail: string) {
    super(-32600, `Invalid request: ${detail}`);
  }
}

export class MethodNotFoundError extends McpError {
  constructor(method: string) {
    super(-32601, `Method not found: ${method}`);
  }
}

export class InvalidParamsError extends McpError {
  constructor(detail: string) {
    super(-32602, `Invalid params: ${detail}`);
  }
}

export class AuthenticationError extends McpError {
  constructor() {
    super(-32001, 'Authentication required');
  }
}

export class RateLimitExceeded extends McpError {
  constructor(retryAfterMs: number) {
    super(-32029, 'Rate limit exceeded', { retryAfterMs });
  }
}

/** The JSON-RPC error object for anything thrown: known errors keep their code, the rest become -32603 with no detail. */
export function toJsonRpcError(error: unknown): { code: number; message: string; data?: Record<string, unknown> } {
  if (error instanceof McpError) return { code: error.code, message: error.message, data: error.data };
  return { code: -32603, message: 'Internal error' };
}
