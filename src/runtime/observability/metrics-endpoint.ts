/** The `GET /metrics` handler: Prometheus text exposition of the runtime's own registry. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SecurityMetrics } from './metrics.js';

/** Serves the metrics; anything but GET or HEAD is 405. */
export function metricsHandler(
  metrics: SecurityMetrics,
  /** Runs before each scrape (brings counts recorded in batches up to date). */
  beforeScrape: () => void = () => {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    beforeScrape();
    const body = await metrics.exposition();
    res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
