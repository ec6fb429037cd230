import type { JsonRpcErrorObject } from '../errors/to-json-rpc-error.js';

/** JSON-RPC 2.0 message shapes and the check that sorts an untrusted value into one of them. */

export type JsonRpcId = string | number;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: JsonRpcId;
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcSuccess {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: Record<string, unknown>;
}

export interface JsonRpcFailure {
  jsonrpc: '2.0';
  /** null only when the request's id could not be read. */
  id: JsonRpcId | null;
  error: JsonRpcErrorObject;
}

export type JsonRpcResponse = JsonRpcSuccess | JsonRpcFailure;
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** What an incoming value turned out to be. */
export type Classified =
  | { kind: 'request'; message: JsonRpcRequest }
  | { kind: 'notification'; message: JsonRpcNotification }
  | { kind: 'response'; message: JsonRpcResponse }
  | { kind: 'invalid'; id: JsonRpcId | null; reason: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A number id must be echoed exactly (JSON-RPC 2.0 §5: the same value as the request's). JSON.parse turns integers
// beyond 2^53 - 1 into the nearest double, so 9007199254740993 would come back as 9007199254740992, the id of some
// other request: such ids are refused as Invalid Request (id null) rather than answered under a rounded id.
function isId(value: unknown): value is JsonRpcId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
}

/** Sorts one parsed JSON value into request, notification, response, or invalid (with the id when readable). */
export function classifyMessage(value: unknown): Classified {
  if (!isPlainObject(value)) return { kind: 'invalid', id: null, reason: 'message must be a JSON object' };
  const id = isId(value.id) ? value.id : null;
  if (value.jsonrpc !== '2.0') return { kind: 'invalid', id, reason: 'jsonrpc must be "2.0"' };
  if ('method' in value) {
    if (typeof value.method !== 'string' || value.method.length === 0) {
      return { kind: 'invalid', id, reason: 'method must be a non-empty string' };
    }
    if (value.params !== undefined && !isPlainObject(value.params)) {
      return { kind: 'invalid', id, reason: 'params must be an object' };
    }
    if (!('id' in value)) return { kind: 'notification', message: value as unknown as JsonRpcNotification };
    if (!isId(value.id))
      return {
        kind: 'invalid',
        id: null,
        reason: 'id must be a string or an integer between -(2^53 - 1) and 2^53 - 1',
      };
    return { kind: 'request', message: value as unknown as JsonRpcRequest };
  }
  if ('result' in value || 'error' in value) {
    if (value.id !== null && !isId(value.id)) return { kind: 'invalid', id: null, reason: 'bad response id' };
    return { kind: 'response', message: value as unknown as JsonRpcResponse };
  }
  return { kind: 'invalid', id, reason: 'not a request, notification or response' };
}

/** Builds a success response. */
export function success(id: JsonRpcId, result: Record<string, unknown>): JsonRpcSuccess {
  return { jsonrpc: '2.0', id, result };
}

/** Builds an error response. */
export function failure(id: JsonRpcId | null, error: JsonRpcErrorObject): JsonRpcFailure {
  return { jsonrpc: '2.0', id, error };
}
