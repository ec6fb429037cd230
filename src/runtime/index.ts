/** The reference MCP runtime: public API. */
export { McpJsonRpcServer, type ServerSettings, type ServerParts } from './server.js';
/** `ServerConfig` is the former name of ServerSettings, kept for existing code. */
export type { ServerSettings as ServerConfig } from './server.js';
export { startServer, type StartOptions } from './start-server.js';
export {
  McpToolRegistry,
  ToolTimeoutError,
  type RegisteredTool,
  type ToolRegistryOptions,
} from './tools/tool-registry.js';
export type {
  ToolDefinition,
  ToolHandler,
  ToolCallExtra,
  CallToolResult,
  ContentBlock,
} from './tools/tool.js';
export type { LogLevel } from './protocol/logging.js';
export type { JsonSchema, SchemaSource } from './schema/json-schema.js';
export {
  ResourceRegistry,
  type ResourceDefinition,
  type ResourceTemplateDefinition,
  type ResourceContents,
} from './resources/resource-registry.js';
export {
  PromptRegistry,
  type PromptDefinition,
  type PromptArgument,
  type PromptMessage,
} from './prompts/prompt-registry.js';
export * from './errors/mcp-error.js';
export { toJsonRpcError, type JsonRpcErrorObject } from './errors/to-json-rpc-error.js';
export {
  negotiateVersion,
  supportedProtocolVersions,
  sessionEraVersions,
  statelessEraVersions,
  latestProtocolVersion,
} from './protocol/versions.js';
export type {
  JsonRpcMessage,
  JsonRpcRequest,
  JsonRpcResponse,
  JsonRpcNotification,
  JsonRpcId,
} from './jsonrpc/message.js';
export { InMemorySessionStore, type Session, type SessionStore } from './session/session.js';
export { HttpTransport, type HttpTransportOptions } from './transports/http.js';
/** `RouteHandler` is the former name of HttpRoute, kept for existing code. */
export type { HttpRoute, HttpRoute as RouteHandler } from './transports/http-route.js';
export { StdioTransport } from './transports/stdio.js';
export type { Transport } from './transports/transport.js';
export type { TransportHost, Reply, DisconnectWatch } from './transports/transport-host.js';
export type { McpRequestContext, McpStage } from './pipeline/mcp-request-context.js';
export type * from './pipeline/stage.js';
export type { Principal } from './auth/principal.js';
export type { AccessFacts, ToolAccessFacts } from './authz/access-facts.js';
export { registerConformanceFixtures } from './conformance/fixtures.js';
export { createSecurityStages, type SecurityRuntime, type SecurityDeps } from './security.js';
export { loadServerConfig, parseServerConfig } from './config/load.js';
export { ServerConfigError } from './config/config-error.js';
export { RateLimiter, type RateLimiterOptions } from './ratelimit/rate-limiter.js';
export { ScopedRateLimiter, type RateLimitScope } from './ratelimit/scoped-limiter.js';
export { MemoryRateLimitStore } from './ratelimit/memory-store.js';
export type { RateLimitStore, TakeResult, BucketLimit } from './ratelimit/store.js';
export { McpContext } from './context/tenant-context.js';
export { generateApiKey, digestApiKey } from './auth/api-key.js';
export { PasswordVerifier, hashPassword } from './auth/password-verifier.js';
