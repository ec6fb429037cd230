import {
  HeaderMismatchError,
  InvalidParamsError,
  InvalidRequestError,
  UnsupportedProtocolVersionError,
} from '../../errors/mcp-error.js';
import { MetaKey, mcpNameOf } from '../../protocol/meta-keys.js';
import {
  isStatelessVersion,
  statelessEraVersions,
  supportedProtocolVersions,
} from '../../protocol/versions.js';
import type { LogLevel } from '../../protocol/logging.js';
import { checkStage } from '../check-stage.js';
import type { McpRequestContext, McpStage } from '../mcp-request-context.js';

/** Methods that exist only in the stateless era; a request for one without `_meta` is still judged as stateless. */
const statelessOnlyMethods = new Set(['server/discover', 'subscriptions/listen']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reject(ctx: McpRequestContext, status: number, error: Error): never {
  ctx.http = { ...ctx.http, status };
  throw error;
}

// 2026-07-28: the per-request envelope, the version it names, and the HTTP headers that must agree with the body.
function admitStateless(ctx: McpRequestContext, headerVersion: string | undefined, rawMethod: string): void {
  const meta = ctx.params._meta;
  if (!isObject(meta))
    reject(
      ctx,
      400,
      new InvalidParamsError('Missing _meta with the protocol version and client capabilities'),
    );
  const version = meta[MetaKey.protocolVersion];
  if (typeof version !== 'string')
    reject(ctx, 400, new InvalidParamsError(`Missing _meta["${MetaKey.protocolVersion}"]`));
  if (!isObject(meta[MetaKey.clientCapabilities])) {
    reject(ctx, 400, new InvalidParamsError(`Missing _meta["${MetaKey.clientCapabilities}"]`));
  }
  if (ctx.info.transport === 'http') {
    if (headerVersion !== version)
      reject(ctx, 400, new HeaderMismatchError('MCP-Protocol-Version header does not match _meta'));
    if (ctx.info.headers['mcp-method'] !== rawMethod)
      reject(ctx, 400, new HeaderMismatchError('Mcp-Method header does not match the method'));
    const name = mcpNameOf(ctx.method, ctx.params);
    if (name !== undefined && ctx.info.headers['mcp-name'] !== name) {
      reject(ctx, 400, new HeaderMismatchError('Mcp-Name header does not match the request'));
    }
  }
  if (!isStatelessVersion(version))
    reject(ctx, 400, new UnsupportedProtocolVersionError(version, statelessEraVersions));
  ctx.stateless = true;
  ctx.protocolVersion = version;
  ctx.clientCapabilities = meta[MetaKey.clientCapabilities] as Record<string, unknown>;
  const level = meta[MetaKey.logLevel];
  ctx.logLevel = typeof level === 'string' ? (level as LogLevel) : undefined;
}

/**
 * The version gate. Session-era requests carry the version negotiated at initialize (and a header naming a version we
 * speak); stateless-era requests carry theirs in `_meta`, which must agree with the HTTP headers. HTTP requests that
 * are neither need a session, except `initialize` itself and servers configured without sessions.
 */
export function gateVersion(options: { sessionsRequired: boolean }): McpStage {
  return checkStage((ctx) => {
    const header = ctx.info.headers['mcp-protocol-version'];
    const meta = ctx.params._meta;
    const claimsStateless =
      (isObject(meta) && MetaKey.protocolVersion in meta) ||
      (header !== undefined && isStatelessVersion(header)) ||
      statelessOnlyMethods.has(ctx.method);
    if (!ctx.session && claimsStateless) {
      admitStateless(ctx, header, ctx.rawMethod);
      return;
    }
    if (header !== undefined && !supportedProtocolVersions.includes(header)) {
      reject(ctx, 400, new InvalidRequestError(`Unsupported MCP-Protocol-Version header: ${header}`));
    }
    if (
      !ctx.session &&
      ctx.info.transport === 'http' &&
      options.sessionsRequired &&
      ctx.method !== 'initialize'
    ) {
      reject(ctx, 400, new InvalidRequestError('Bad Request: Mcp-Session-Id header is required'));
    }
  });
}
