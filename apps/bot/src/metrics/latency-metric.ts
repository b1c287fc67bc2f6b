import type { Histogram, Registry } from "prom-client";
import { EXPOSED_BOUNDS_US, type LatencyHistogram } from "../state/latency.js";

/** The histograms a metric exposes, each with its label values (none for an unlabelled metric), read at each scrape. */
export type LatencySource = () => Iterable<readonly [labels: Readonly<Record<string, string>>, histogram: LatencyHistogram]>;

interface Value {
  readonly metricName: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

/**
 * A Prometheus histogram (seconds) read from the session's LatencyHistogram(s) at each scrape, so each sample is
 * recorded once (state/latency.ts) and /metrics and the dashboards count the same samples. `_bucket` is the
 * histogram's exact count at each EXPOSED_BOUNDS_US bound, `_sum` and `_count` its own.
 *
 * prom-client's Registry types take only its own metric classes; at run time the Registry calls `name`, `help`,
 * `type`, `get()` and `reset()` (prom-client lib/registry.js), which is what this provides.
 */
class LatencyHistogramMetric {
  readonly type = "histogram";
  readonly aggregator = "sum";

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly source: LatencySource,
  ) {}

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Value[] }> {
    const values: Value[] = [];
    for (const [labels, h] of this.source()) {
      let cumulative = 0;
      EXPOSED_BOUNDS_US.forEach((us, i) => {
        cumulative += h.exposedCounts[i] ?? 0;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: us / 1e6 }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: "+Inf" }, value: h.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: h.sumUs / 1e6 });
      values.push({ metricName: `${this.name}_count`, labels, value: h.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** The counts are the session's (its histograms), not this view's: nothing to reset here. */
  reset(): void {}
}

/** Registers a LatencyHistogramMetric on `registry` (the one cast: see the class comment). */
export function registerLatencyMetric(registry: Registry, name: string, help: string, source: LatencySource): LatencyHistogramMetric {
  const m = new LatencyHistogramMetric(name, help, source);
  registry.registerMetric(m as unknown as Histogram);
  return m;
}
