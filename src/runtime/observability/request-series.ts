/**
 * The request count and the request duration histogram, kept per label set in plain numbers and handed to
 * prom-client's registry only when `/metrics` is scraped.
 *
 * Why not prom-client's Counter and Histogram for these two: their inc() and observe() check the labels, hash them
 * into a string and look the series up on every call, about 1.4 µs per request for the pair (Node 20 and 22, measured
 * in a loop), the largest part of what the metrics cost a request. Here a request finds its series in a Map and adds
 * to numbers. What the registry writes is what prom-client's own metrics write: same names, help, types, label order,
 * buckets and values (test/runtime/security/request-series.test.ts compares the two expositions).
 */
import type { Metric, Registry } from 'prom-client';

/** The labels of one series, in the order the exposition lists them. */
export interface RequestLabels {
  method: string;
  tool: string;
  outcome: string;
}

interface Series {
  labels: RequestLabels;
  count: number;
  /** Seconds, summed in the order observed (as prom-client does, so the printed sum is the same number). */
  sum: number;
  /** Observations per upper bound (not cumulative); values above the last bound are only in `count`. */
  perBound: number[];
}

/** One exposition entry, as prom-client's registry reads it from a metric's get(). */
interface ExposedValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** The two metrics, fed by add() and read by the registry. */
export class RequestSeries {
  /**
   * By method, tool and outcome: three lookups of strings whose hashes V8 mostly keeps, where one composite key string
   * per request had to be built, hashed and compared (about 0.1 µs, Node 22).
   */
  private readonly byLabels = new Map<string, Map<string, Map<string, Series>>>();
  /** Every series, in the order first seen (the exposition's order). */
  private readonly series: Series[] = [];

  constructor(
    private readonly names: { count: string; duration: string },
    private readonly help: { count: string; duration: string },
    /** The histogram's upper bounds in seconds, ascending. */
    private readonly bounds: readonly number[],
  ) {}

  /** Counts one request under these labels and observes its duration. */
  add(method: string, tool: string, outcome: string, seconds: number): void {
    let byTool = this.byLabels.get(method);
    if (byTool === undefined) this.byLabels.set(method, (byTool = new Map()));
    let byOutcome = byTool.get(tool);
    if (byOutcome === undefined) byTool.set(tool, (byOutcome = new Map()));
    let series = byOutcome.get(outcome);
    if (series === undefined) {
      series = { labels: { method, tool, outcome }, count: 0, sum: 0, perBound: this.bounds.map(() => 0) };
      byOutcome.set(outcome, series);
      this.series.push(series);
    }
    series.count += 1;
    series.sum += seconds;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]!) {
        series.perBound[i]! += 1;
        break;
      }
    }
  }

  /** Adds both metrics to `registry`, in the order counter then histogram. */
  registerIn(registry: Registry): void {
    // The registry reads a metric through name, help, type, get() and (for resetMetrics) reset(); its TypeScript
    // type lists only prom-client's own classes.
    registry.registerMetric(this.metric(this.names.count, this.help.count, 'counter', () => this.counts()));
    registry.registerMetric(
      this.metric(this.names.duration, this.help.duration, 'histogram', () => this.histogram()),
    );
  }

  private metric(name: string, help: string, type: string, values: () => ExposedValue[]): Metric {
    return {
      name,
      help,
      type,
      aggregator: 'sum',
      get: () => Promise.resolve({ name, help, type, values: values(), aggregator: 'sum' }),
      reset: () => {
        this.byLabels.clear();
        this.series.length = 0;
      },
    } as unknown as Metric;
  }

  private counts(): ExposedValue[] {
    return this.series.map((s) => ({ labels: { ...s.labels }, value: s.count }));
  }

  private histogram(): ExposedValue[] {
    const bucket = `${this.names.duration}_bucket`;
    const values: ExposedValue[] = [];
    for (const s of this.series) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += s.perBound[i]!;
        values.push({ labels: { le, ...s.labels }, value: cumulative, metricName: bucket });
      });
      values.push(
        { labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: bucket },
        { labels: { ...s.labels }, value: s.sum, metricName: `${this.names.duration}_sum` },
        { labels: { ...s.labels }, value: s.count, metricName: `${this.names.duration}_count` },
      );
    }
    return values;
  }
}
