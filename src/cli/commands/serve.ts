import { Command } from 'commander';
import { McpJsonRpcServer, registerConformanceFixtures, StdioTransport } from '../../runtime/index.js';
import { HttpTransport } from '../../runtime/transports/http.js';
import { parseListenAddress } from '../../runtime/transports/listen-address.js';

interface ServeOptions {
  stdio?: boolean;
  http?: string | true;
  path: string;
  config?: string;
  conformance?: boolean;
  shutdownGrace: string;
}

function fail(message: string): void {
  process.stderr.write(`safeguard serve: ${message}\n`);
  process.exitCode = 2;
}

/** Stops the transport on SIGTERM/SIGINT: in-flight requests get the grace period, then the process exits. */
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

async function serve(options: ServeOptions): Promise<void> {
  if (options.stdio && options.http !== undefined) return fail('choose one of --stdio and --http');
  if (options.config !== undefined) {
    // Config files are read by src/runtime/config (security, rate limits); this build does not wire it in yet.
    return fail('--config is not supported in this build yet (the config loader is not wired into serve)');
  }
  const grace = Number(options.shutdownGrace);
  if (!Number.isInteger(grace) || grace < 0) return fail('--shutdown-grace must be a whole number of milliseconds');
  const server = new McpJsonRpcServer({ name: 'mcp-safeguard-runtime' });
  if (options.conformance) registerConformanceFixtures(server);

  if (options.stdio) {
    const transport = new StdioTransport(server);
    await transport.start();
    closeOnSignals(() => transport.close(grace));
    await transport.finished;
    return;
  }
  let address: { host: string; port: number };
  try {
    address = parseListenAddress(typeof options.http === 'string' ? options.http : '127.0.0.1:3000');
  } catch (error) {
    return fail(`--http ${(error as Error).message}`);
  }
  if (!options.path.startsWith('/')) return fail('--path must start with /');
  const transport = new HttpTransport(server, { ...address, path: options.path });
  try {
    await transport.start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fail(`cannot listen on ${address.host}:${address.port} (${code})`);
  }
  process.stderr.write(`safeguard serve: MCP endpoint ${transport.url}\n`);
  closeOnSignals(() => transport.close(grace));
}

/** `safeguard serve`: runs the reference MCP runtime over stdio or Streamable HTTP. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the reference MCP runtime over stdio or Streamable HTTP')
    .option('--stdio', 'serve newline-delimited JSON-RPC on stdin/stdout')
    .option('--http [host:port]', 'serve Streamable HTTP (default 127.0.0.1:3000)')
    .option('--path <path>', 'HTTP endpoint path', '/mcp')
    .option('--config <file>', 'server config (YAML or JSON)')
    .option('--conformance', 'register the tools, resources and prompts the MCP conformance suite expects')
    .option('--shutdown-grace <ms>', 'how long in-flight requests may finish on SIGTERM/SIGINT', '5000')
    .addHelpText('after', '\nExamples:\n  safeguard serve --stdio --conformance\n  safeguard serve --http 127.0.0.1:3000 --conformance')
    .action(serve);
}
