import { Command } from 'commander';
import { ServerConfigError } from '../../runtime/config/config-error.js';
import { loadServerConfig } from '../../runtime/config/load.js';
import type { ServeConfig } from '../../runtime/config/serve-config.js';
import { formatIssue } from '../../shared/structured-file/located-issue.js';
import {
  InMemorySessionStore,
  McpJsonRpcServer,
  McpToolRegistry,
  registerConformanceFixtures,
  StdioTransport,
} from '../../runtime/index.js';
import { createSecurityStages, type SecurityRuntime } from '../../runtime/security.js';
import { RedisClientMissingError } from '../../runtime/store/redis-connection.js';
import { openRedisSharedState, type RedisSharedState } from '../../runtime/store/redis-shared-state.js';
import { HttpTransport } from '../../runtime/transports/http.js';
import { parseListenAddress } from '../../runtime/transports/listen-address.js';

interface ServeOptions {
  stdio?: boolean;
  http?: string | true;
  path?: string;
  config?: string;
  conformance?: boolean;
  shutdownGrace: string;
}

function fail(message: string): void {
  process.stderr.write(`safeguard serve: ${message}\n`);
  process.exitCode = 2;
}

/**
 * A server process must not run on after an error nothing caught: its state is unknown. The full error goes to
 * stderr (the operator's channel), one `process_failed` line without the stack to the event log, and the process
 * exits with 1 so that its supervisor restarts it. The library never installs these handlers: they belong to the
 * process that owns the server, which `serve` is.
 */
function exitOnUncaughtErrors(security: SecurityRuntime | undefined): void {
  const fatal = (kind: string) => (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    process.stderr.write(`safeguard serve: fatal ${kind}: ${text}\n`);
    security?.flushRecords(); // the requests that finished before the failure, then the failure
    security?.logger.fatal({
      event: 'process_failed',
      kind,
      error:
        error instanceof Error
          ? { type: error.name, message: error.message.slice(0, 200) }
          : { type: typeof error },
    });
    security?.logger.flush();
    process.exit(1);
  };
  process.once('uncaughtException', fatal('uncaught exception'));
  process.once('unhandledRejection', fatal('unhandled rejection'));
}

/** Stops serving on SIGTERM/SIGINT: in-flight requests get the grace period, then the process exits. */
function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`safeguard serve: ${signal} received, shutting down\n`);
    void close().then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

/** One line on stderr and one log event each time the shared store (Redis) goes away or comes back. */
function reportStore(
  security: SecurityRuntime | undefined,
  available: boolean,
  policy: 'refuse' | 'memory',
  reason?: string,
): void {
  const answer =
    policy === 'refuse' ? 'answering 503 to requests that need it' : 'serving as a single instance';
  process.stderr.write(
    available
      ? 'safeguard serve: Redis reachable again\n'
      : `safeguard serve: Redis unreachable${reason ? ` (${reason.slice(0, 200)})` : ''}; ${answer}\n`,
  );
  if (available) security?.logger.info({ event: 'store_available' });
  else security?.logger.warn({ event: 'store_unavailable', policy, reason: reason?.slice(0, 200) });
}

function readConfig(path: string | undefined): ServeConfig | undefined {
  if (path === undefined) return undefined;
  try {
    return loadServerConfig(path);
  } catch (error) {
    if (error instanceof ServerConfigError) {
      for (const issue of error.issues) fail(formatIssue(issue));
      return undefined;
    }
    throw error;
  }
}

async function serve(options: ServeOptions): Promise<void> {
  if (options.stdio && options.http !== undefined) return fail('choose one of --stdio and --http');
  const grace = Number(options.shutdownGrace);
  if (!Number.isInteger(grace) || grace < 0)
    return fail('--shutdown-grace must be a whole number of milliseconds');
  const file = readConfig(options.config);
  if (options.config !== undefined && !file) return;
  const transportKind = options.stdio ? 'stdio' : 'http';

  const toolTimeoutMs = file?.server.toolTimeoutMs;
  const registry = new McpToolRegistry(
    toolTimeoutMs === undefined ? {} : { defaultTimeoutMs: toolTimeoutMs },
  );
  let security: SecurityRuntime | undefined;
  // Declared before it is opened: the availability messages log through the security stages' logger.
  let shared: RedisSharedState | undefined;
  const redis = file?.store?.redis;
  // The config's session and listen-stream caps (server.max_*); absent ones keep the runtime's defaults.
  const caps = file?.server;
  const sessionCaps = {
    ...(caps?.maxSessions === undefined ? {} : { maxSessions: caps.maxSessions }),
    ...(caps?.maxSessionsPerPrincipal === undefined
      ? {}
      : { maxSessionsPerPrincipal: caps.maxSessionsPerPrincipal }),
  };
  if (redis) {
    const opening = openRedisSharedState(redis, {
      ...(file?.rateLimit?.maxBuckets === undefined ? {} : { maxLocalBuckets: file.rateLimit.maxBuckets }),
      ...(caps?.maxSessions === undefined ? {} : { maxCachedSessions: caps.maxSessions }),
      ...(caps?.maxSessionsPerPrincipal === undefined
        ? {}
        : { maxSessionsPerPrincipal: caps.maxSessionsPerPrincipal }),
      onAvailabilityChange: (available, reason) =>
        reportStore(security, available, redis.onUnavailable, reason),
    });
    try {
      shared = await opening;
    } catch (error) {
      if (error instanceof RedisClientMissingError) return fail(error.message);
      throw error;
    }
  }
  const sessions = shared?.sessions ?? new InMemorySessionStore(sessionCaps);
  if (file) {
    try {
      security = createSecurityStages(file, {
        registry,
        transport: transportKind,
        activeSessions: () => [...sessions.all()].length,
        ...(shared ? { rateLimitStore: shared.rateLimitStore } : {}),
      });
    } catch (error) {
      await shared?.close();
      return fail((error as Error).message);
    }
  }
  if (shared && redis && !shared.connection.available) reportStore(security, false, redis.onUnavailable);
  const server = new McpJsonRpcServer(
    {
      name: file?.server.name ?? 'mcp-safeguard-runtime',
      version: file?.server.version,
      ...(caps?.maxSubscriptions === undefined ? {} : { maxSubscriptions: caps.maxSubscriptions }),
      ...(caps?.maxSubscriptionsPerPrincipal === undefined
        ? {}
        : { maxSubscriptionsPerPrincipal: caps.maxSubscriptionsPerPrincipal }),
    },
    { registry, sessions, security, ...(shared ? { relay: shared.relay } : {}) },
  );
  if (options.conformance) registerConformanceFixtures(server);
  exitOnUncaughtErrors(security);
  const closeSecurity = async () => {
    await security?.close();
    await shared?.close();
  };

  if (options.stdio) {
    const transport = new StdioTransport(server);
    await server.connect(transport);
    closeOnSignals(async () => {
      await transport.close(grace);
      await closeSecurity();
    });
    await transport.finished;
    await closeSecurity();
    return;
  }
  const http = file?.server.http ?? {};
  let address = { host: http.host ?? '127.0.0.1', port: http.port ?? 3000 };
  if (typeof options.http === 'string') {
    try {
      address = parseListenAddress(options.http);
    } catch (error) {
      return fail(`--http ${(error as Error).message}`);
    }
  }
  const path = options.path ?? http.path ?? '/mcp';
  if (!path.startsWith('/')) return fail('--path must start with /');
  const transport = new HttpTransport(server, {
    ...address,
    path,
    allowedOrigins: http.allowedOrigins,
    maxBodyBytes: http.maxBodyBytes,
    maxBufferedBodyBytes: http.maxBufferedBodyBytes,
    maxConnections: http.maxConnections,
    routes: security ? Object.fromEntries(security.httpRoutes) : undefined,
  });
  try {
    await server.connect(transport);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fail(`cannot listen on ${address.host}:${address.port} (${code})`);
  }
  process.stderr.write(`safeguard serve: MCP endpoint ${transport.url}\n`);
  closeOnSignals(async () => {
    await transport.close(grace);
    await closeSecurity();
  });
}

/** `safeguard serve`: runs the reference MCP runtime over stdio or Streamable HTTP. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the reference MCP runtime over stdio or Streamable HTTP')
    .option('--stdio', 'serve newline-delimited JSON-RPC on stdin/stdout')
    .option('--http [host:port]', 'serve Streamable HTTP (default 127.0.0.1:3000, or the config file)')
    .option('--path <path>', 'HTTP endpoint path (default /mcp)')
    .option('--config <file>', 'server config (YAML or JSON): security, rate limits, logging, metrics')
    .option('--conformance', 'register the tools, resources and prompts the MCP conformance suite expects')
    .option('--shutdown-grace <ms>', 'how long in-flight requests may finish on SIGTERM/SIGINT', '5000')
    .addHelpText(
      'after',
      '\nExamples:\n  safeguard serve --stdio --conformance\n  safeguard serve --http 127.0.0.1:3000 --conformance\n  safeguard serve --http --config safeguard.server.yaml',
    )
    .action(serve);
}
