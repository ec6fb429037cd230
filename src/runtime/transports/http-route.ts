import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A handler for one extra HTTP path beside the MCP endpoint (`/metrics`, OAuth protected-resource metadata). It
 * answers every method it is sent itself (GET, HEAD, 405).
 */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
