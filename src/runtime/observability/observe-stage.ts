/**
 * The outermost security stage: the rest of the pipeline runs inside the request scope and a trace span, and when it
 * ends, one log line and the request metrics record how it went.
 */
import type { Tracer } from '@opentelemetry/api';
import { requestScope } from '../context/request-scope.js';
import {
  AuthenticationError,
  AuthorizationError,
  McpError,
  MethodNotFoundError,
  RateLimitExceeded,
  RequestCancelledError,
  ResourceNotFoundError,
  SessionNotFoundError,
  ToolNotFoundError,
  InternalError,
} from '../errors/mcp-error.js';
import type { HandlerResult, Stage } from '../pipeline/stage.js';
import type { RequestOutcome } from './events.js';
import type { RequestRecorder } from './request-recorder.js';
import { withRequestSpan } from './tracing.js';

export interface ObserveStageOptions {
  /** Counts and logs each finished request (in batches, after the response). */
  recorder: RequestRecorder;
  tracer: Tracer;
}

/** How a thrown error ends a request, for logs, metrics and spans. */
export function outcomeOf(error: unknown): RequestOutcome {
  if (error instanceof AuthenticationError) return 'unauthenticated';
  if (error instanceof AuthorizationError) return 'forbidden';
  if (error instanceof RateLimitExceeded) return 'rate_limited';
  if (error instanceof RequestCancelledError) return 'cancelled';
  if (
    error instanceof ToolNotFoundError ||
    error instanceof MethodNotFoundError ||
    error instanceof ResourceNotFoundError ||
    error instanceof SessionNotFoundError
  ) {
    return 'not_found';
  }
  if (error instanceof McpError && !(error instanceof InternalError)) return 'invalid';
  return 'error';
}

/** Builds the observe stage. */
export function observeStage(options: ObserveStageOptions): Stage {
  const { recorder, tracer } = options;
  return (ctx, next) =>
    withRequestSpan(tracer, ctx, (finish) => {
      const started = performance.now();
      const record = (outcome: RequestOutcome, failure?: unknown) => {
        recorder.record(ctx, outcome, performance.now() - started, failure);
        finish(outcome);
      };
      // then() rather than async/await (docs/runtime.md, "The pipeline").
      let pending: Promise<HandlerResult>;
      try {
        pending = requestScope(ctx, next);
      } catch (error) {
        record(outcomeOf(error), error);
        return Promise.reject(error);
      }
      return pending.then(
        (result) => {
          record(result['isError'] === true ? 'tool_error' : 'ok');
          return result;
        },
        (error: unknown) => {
          record(outcomeOf(error), error);
          throw error;
        },
      );
    });
}
