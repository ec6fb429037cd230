/**
 * The runtime's one error hierarchy. Every error a client can see is an McpError with a JSON-RPC code and a message
 * that is safe to show; anything else is mapped to -32603 by toJsonRpcError without leaking internals.
 */

/** JSON-RPC and MCP error codes used by the runtime. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** Implementation-defined range (-32000..-32099): authentication, authorization, rate limit, sessions. */
  Unauthenticated: -32001,
  Forbidden: -32003,
  RateLimited: -32029,
  SessionNotFound: -32004,
  ResourceNotFound: -32002,
  RequestCancelled: -32800,
  /** 2026-07-28: a header disagrees with the body, or a required header is missing. */
  HeaderMismatch: -32020,
  /** 2026-07-28: the request needs a client capability the client did not declare. */
  MissingRequiredClientCapability: -32021,
  /** 2026-07-28: the requested protocol version is not supported. */
  UnsupportedProtocolVersion: -32022,
} as const;

/** Base of every error the runtime reports to a client. */
export class McpError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The bytes were not valid JSON. */
export class ParseError extends McpError {
  constructor(message = 'Parse error', data?: unknown) {
    super(ErrorCode.ParseError, message, data);
  }
}

/** The JSON was not a valid JSON-RPC request (or was too large or too deep). */
export class InvalidRequestError extends McpError {
  constructor(message = 'Invalid Request', data?: unknown) {
    super(ErrorCode.InvalidRequest, message, data);
  }
}

/** No handler for the method (or not in this protocol era). */
export class MethodNotFoundError extends McpError {
  constructor(method: string) {
    super(ErrorCode.MethodNotFound, `Method not found: ${method}`);
  }
}

/** The params of a request are malformed. */
export class InvalidParamsError extends McpError {
  constructor(message = 'Invalid params', data?: unknown) {
    super(ErrorCode.InvalidParams, message, data);
  }
}

/** Something failed on our side; the message is generic on purpose. */
export class InternalError extends McpError {
  constructor(message = 'Internal error') {
    super(ErrorCode.InternalError, message);
  }
}

/** Input failed schema validation; `issues` say where. Reported as -32602 outside tools/call. */
export class ValidationError extends McpError {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(ErrorCode.InvalidParams, message, issues.length > 0 ? { issues } : undefined);
  }
}

/** The caller could not be authenticated (HTTP 401). */
export class AuthenticationError extends McpError {
  constructor(message = 'Authentication required', data?: unknown) {
    super(ErrorCode.Unauthenticated, message, data);
  }
}

/** The caller is known but not allowed (HTTP 403). */
export class AuthorizationError extends McpError {
  constructor(message = 'Forbidden', data?: unknown) {
    super(ErrorCode.Forbidden, message, data);
  }
}

/** Too many requests; `retryAfterMs` says when to try again (HTTP 429). */
export class RateLimitExceeded extends McpError {
  constructor(readonly retryAfterMs: number) {
    super(ErrorCode.RateLimited, 'Rate limit exceeded', { retryAfterMs });
  }
}

/** `tools/call` named a tool that does not exist or is not visible to the caller (-32602 per the spec). */
export class ToolNotFoundError extends McpError {
  constructor(readonly toolName: string) {
    super(ErrorCode.InvalidParams, `Unknown tool: ${toolName}`);
  }
}

/** A resource URI that no resource or template serves. */
export class ResourceNotFoundError extends McpError {
  constructor(uri: string) {
    super(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri });
  }
}

/** The session id is unknown, expired, or belongs to someone else (HTTP 404). */
export class SessionNotFoundError extends McpError {
  constructor() {
    super(ErrorCode.SessionNotFound, 'Session not found');
  }
}

/** The request was cancelled by the client, a disconnect, or shutdown. */
export class RequestCancelledError extends McpError {
  constructor(reason = 'Request cancelled') {
    super(ErrorCode.RequestCancelled, reason);
  }
}

/** 2026-07-28: a header does not match the body (or a required header is missing). */
export class HeaderMismatchError extends McpError {
  constructor(message: string) {
    super(ErrorCode.HeaderMismatch, message);
  }
}

/** 2026-07-28: the request needs client capabilities the client did not declare. */
export class MissingRequiredClientCapabilityError extends McpError {
  constructor(requiredCapabilities: Record<string, unknown>) {
    super(ErrorCode.MissingRequiredClientCapability, 'Missing required client capability', {
      requiredCapabilities,
    });
  }
}

/** 2026-07-28 (and initialize in the session era): the requested protocol version is not supported. */
export class UnsupportedProtocolVersionError extends McpError {
  constructor(requested: unknown, supported: readonly string[]) {
    super(ErrorCode.UnsupportedProtocolVersion, 'Unsupported protocol version', {
      supported: [...supported],
      requested,
    });
  }
}

/**
 * Thrown by a tool handler to report a failure the caller may see (becomes an `isError: true` result with this
 * message). Any other error thrown by a handler is reported with a generic message, so internals never leak.
 */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}
