import { InvalidParamsError, MissingRequiredClientCapabilityError, ToolError } from '../errors/mcp-error.js';
import type { McpRequestContext } from '../pipeline/mcp-request-context.js';
import type { ClientRequests } from './client-requests.js';
import type { RequestStateSealer } from './request-state-sealer.js';

/** A request the server needs the client to answer (sampling, elicitation, roots). */
export interface InputRequest {
  method: string;
  params: Record<string, unknown>;
}

/** Asks the client for several inputs at once, keyed by names the server chooses. */
export type AskClient = (
  requests: Record<string, InputRequest>,
) => Promise<Record<string, Record<string, unknown>>>;

/**
 * Thrown (stateless era) when a handler needs input the client has not supplied yet; the method turns it into an
 * `input_required` result and the client calls again with `inputResponses`.
 */
export class InputRequiredSignal extends Error {
  constructor(
    readonly inputRequests: Record<string, InputRequest>,
    readonly gathered: Record<string, Record<string, unknown>>,
  ) {
    super('input required');
  }
}

const capabilityOf: Record<string, string> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a handler may use to talk back to the client, for either era. */
export interface ClientInput {
  ask: AskClient;
  /** True when the request came back with a requestState that passed its integrity check. */
  resumed: boolean;
}

/**
 * Session era: sends the requests to the client and waits. Stateless era: answers from `inputResponses` (and the
 * responses gathered in earlier rounds, kept in the sealed requestState); whatever is missing raises
 * InputRequiredSignal.
 */
export function clientInputFor(
  ctx: McpRequestContext,
  clientRequests: ClientRequests,
  sealer: RequestStateSealer,
  binding: string,
): ClientInput {
  if (!ctx.stateless) {
    return {
      resumed: false,
      ask: async (requests) => {
        const entries = Object.entries(requests);
        for (const [, request] of entries) {
          const capability = capabilityOf[request.method];
          if (capability && !isObject(ctx.clientCapabilities[capability])) {
            throw new ToolError(`The client does not support ${request.method}`);
          }
        }
        const results = await Promise.all(
          entries.map(([, r]) =>
            clientRequests.request(ctx.outlet, r.method, r.params, ctx.signal, ctx.info.sessionId),
          ),
        );
        return Object.fromEntries(entries.map(([key], i) => [key, results[i] ?? {}]));
      },
    };
  }
  const gathered: Record<string, Record<string, unknown>> = {};
  const state = ctx.params.requestState;
  if (state !== undefined) {
    const previous = sealer.open(state, binding);
    if (isObject(previous)) for (const [k, v] of Object.entries(previous)) if (isObject(v)) gathered[k] = v;
  }
  const responses = ctx.params.inputResponses;
  if (responses !== undefined && !isObject(responses))
    throw new InvalidParamsError('inputResponses must be an object');
  for (const [key, value] of Object.entries(responses ?? {})) if (isObject(value)) gathered[key] = value;
  return {
    resumed: state !== undefined,
    ask: async (requests) => {
      const missing: Record<string, InputRequest> = {};
      for (const [key, request] of Object.entries(requests)) {
        const capability = capabilityOf[request.method];
        if (capability && !isObject(ctx.clientCapabilities[capability])) {
          throw new MissingRequiredClientCapabilityError({ [capability]: {} });
        }
        if (!(key in gathered)) missing[key] = request;
      }
      if (Object.keys(missing).length > 0) throw new InputRequiredSignal(missing, gathered);
      return Object.fromEntries(Object.keys(requests).map((key) => [key, gathered[key] ?? {}]));
    },
  };
}

/** The `input_required` result for a signal, with the gathered responses sealed into requestState. */
export function inputRequiredResult(
  signal: InputRequiredSignal,
  sealer: RequestStateSealer,
  binding: string,
): Record<string, unknown> {
  return {
    resultType: 'input_required',
    inputRequests: signal.inputRequests,
    requestState: sealer.seal(signal.gathered, binding),
  };
}
