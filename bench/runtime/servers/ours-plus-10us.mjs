// A calibration variant: the bare pipeline plus a fixed 10 µs busy loop per request, in the place the security
// stages take. It shows what a known amount of extra CPU per request costs in req/s on this machine, in the same run,
// so that the full pipeline's ratio can be read against it.
import { performance } from 'node:perf_hooks';
import { build, serveHttp } from './ours.mjs';

const EXTRA_MS = 0.01;
const pass = (_ctx, next) => next();
const busy = (_ctx, next) => {
  const until = performance.now() + EXTRA_MS;
  while (performance.now() < until);
  return next();
};
const stages = {
  observe: busy,
  authenticate: pass,
  authorize: pass,
  rateLimit: pass,
  canUseTool: () => true,
  canAccess: () => true,
};

export function start() {
  return serveHttp(build({ security: stages }).server);
}
