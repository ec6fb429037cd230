/**
 * The request scope: while a request runs, its context travels with every async call it makes (AsyncLocalStorage),
 * so code deep inside a tool can ask which tenant, principal, session and request it is serving without having the
 * context passed through every signature.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestContext, Stage } from '../pipeline/stage.js';

const storage = new AsyncLocalStorage<RequestContext>();

/** The request being served by the current async call chain, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `work` with `ctx` as the current request. */
export function runInRequestScope<T>(ctx: RequestContext, work: () => T): T {
  return storage.run(ctx, work);
}

/**
 * The context stage: the rest of the pipeline runs inside the request's scope. The scope holds the context object
 * itself, so the principal and tenant that authentication sets later are visible too.
 */
export const requestScope: Stage = (ctx, next) => storage.run(ctx, next);
