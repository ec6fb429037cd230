/**
 * Prometheus metrics on a registry of our own (not prom-client's global one, so two servers in one process, or a
 * host application's metrics, never collide). Label values come from fixed sets or registered names only: a client
 * cannot grow the number of series by sending made-up methods or tool names.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { RequestOutcome } from './events.js';
import { methodLabel } from './known-methods.js';
import { RequestSeries } from './request-series.js';

export interface SecurityMetricsOptions {
  /** Counts open sessions when /metrics is scraped (the session store knows; we do not duplicate its state). */
  activeSessions?: () => number;
  /** Whether a tool name is registered; unregistered names are labelled `unknown`. */
  isKnownTool?: (name: string) => boolean;
  /** Label prefix for every metric (default `mcp_`). */
  prefix?: string;
}

/** The runtime's metrics and the registry that exposes them. */
export class SecurityMetrics {
  readonly registry = new Registry();
  /** mcp_requests_total and mcp_request_duration_seconds, by method, tool and outcome. */
  private readonly requests: RequestSeries;
  private readonly authFailures: Counter<'reason'>;
  private readonly denials: Counter<'method'>;
  private readonly rateLimitRejections: Counter<'scope'>;
  private readonly isKnownTool: (name: string) => boolean;

  constructor(options: SecurityMetricsOptions = {}) {
    const prefix = options.prefix ?? 'mcp_';
    const registers = [this.registry];
    this.isKnownTool = options.isKnownTool ?? (() => true);
    this.requests = new RequestSeries(
      { count: `${prefix}requests_total`, duration: `${prefix}request_duration_seconds` },
      {
        count: 'MCP requests handled, by method, tool and outcome.',
        duration: 'Time from the start of the pipeline to the response, by method, tool and outcome.',
      },
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    this.requests.registerIn(this.registry);
    this.authFailures = new Counter({
      name: `${prefix}auth_failures_total`,
      help: 'Failed authentication attempts, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.denials = new Counter({
      name: `${prefix}authz_denials_total`,
      help: 'Requests refused by authorization, by method.',
      labelNames: ['method'],
      registers,
    });
    this.rateLimitRejections = new Counter({
      name: `${prefix}rate_limit_rejections_total`,
      help: 'Requests refused by the rate limit, by the scope that ran out.',
      labelNames: ['scope'],
      registers,
    });
    const activeSessions = options.activeSessions;
    new Gauge({
      name: `${prefix}active_sessions`,
      help: 'Open MCP sessions (session era).',
      registers,
      collect() {
        this.set(activeSessions ? activeSessions() : 0);
      },
    });
  }

  /** Counts a finished request and observes its duration. */
  requestHandled(
    method: string,
    tool: string | undefined,
    outcome: RequestOutcome,
    durationMs: number,
  ): void {
    this.requests.add(methodLabel(method), this.toolLabel(tool), outcome, durationMs / 1000);
  }

  /** Counts a failed authentication. */
  authFailed(reason: string): void {
    this.authFailures.inc({ reason });
  }

  /** Counts an authorization denial. */
  accessDenied(method: string): void {
    this.denials.inc({ method: methodLabel(method) });
  }

  /** Counts a rate-limit rejection once per exhausted scope. */
  rateLimited(scopes: readonly string[]): void {
    for (const scope of scopes.length > 0 ? scopes : ['unknown']) this.rateLimitRejections.inc({ scope });
  }

  /** The Prometheus text exposition of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of `exposition()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  private toolLabel(tool: string | undefined): string {
    if (tool === undefined) return '';
    return this.isKnownTool(tool) ? tool : 'unknown';
  }
}
