/**
 * A fixed log-linear histogram of microseconds (no allocation per sample): 16 sub-buckets per power of two up to
 * ~67 s, so a percentile is exact to within 1/16 of its magnitude. Pure apart from its own counts.
 *
 * The session's one record of each latency sample: the dashboards read its percentiles and buckets, and /metrics
 * exposes it as a Prometheus histogram (metrics/latency-metric.ts) from the same counts, so the two never disagree.
 */
const SUB = 16;
const POWERS = 27;
const LATENCY_BUCKETS = SUB * POWERS;

export interface LatencySummary {
  readonly count: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
}

/**
 * The Prometheus `le` bounds (µs) of /metrics' latency histograms. Counted exactly at record time (the log-linear
 * buckets do not fall on these round numbers), so a scrape reports `le="0.00025"` as samples ≤ 250 µs, not a bucket
 * edge near it.
 */
export const EXPOSED_BOUNDS_US: readonly number[] = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000];

export class LatencyHistogram {
  readonly counts = new Uint32Array(LATENCY_BUCKETS);
  /** Samples per EXPOSED_BOUNDS_US interval, not cumulative: [i] counts (bound[i-1], bound[i]]; the last, above all. */
  readonly exposedCounts = new Uint32Array(EXPOSED_BOUNDS_US.length + 1);
  count = 0;
  maxUs = 0;
  /** Sum of the samples as given (fractions kept): Prometheus' `_sum`. */
  sumUs = 0;

  /** One histogram holding every sample of `parts` (the dashboards' view of per-venue histograms). */
  static merged(parts: Iterable<LatencyHistogram>): LatencyHistogram {
    const m = new LatencyHistogram();
    for (const p of parts) {
      for (let b = 0; b < LATENCY_BUCKETS; b++) m.counts[b] = (m.counts[b] ?? 0) + (p.counts[b] ?? 0);
      for (let i = 0; i < m.exposedCounts.length; i++) m.exposedCounts[i] = (m.exposedCounts[i] ?? 0) + (p.exposedCounts[i] ?? 0);
      m.count += p.count;
      m.sumUs += p.sumUs;
      m.maxUs = Math.max(m.maxUs, p.maxUs);
    }
    return m;
  }

  static bucketOf(us: number): number {
    const v = Math.max(0, Math.floor(us));
    if (v < SUB) return v;
    const power = 31 - Math.clz32(v);
    const shift = power - 4;
    const b = (power - 3) * SUB + ((v >>> shift) - SUB);
    return Math.min(b, LATENCY_BUCKETS - 1);
  }

  /** The upper bound of a bucket (what a percentile reports: never flattering). */
  static upperOf(bucket: number): number {
    if (bucket < SUB) return bucket;
    const power = Math.floor(bucket / SUB) + 3;
    const sub = bucket % SUB;
    return ((SUB + sub + 1) << (power - 4)) - 1;
  }

  record(us: number): void {
    const b = LatencyHistogram.bucketOf(us);
    this.counts[b] = (this.counts[b] ?? 0) + 1;
    this.count++;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = Math.floor(us);
    let i = 0;
    while (i < EXPOSED_BOUNDS_US.length && us > (EXPOSED_BOUNDS_US[i] as number)) i++;
    this.exposedCounts[i] = (this.exposedCounts[i] ?? 0) + 1;
  }

  percentile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let b = 0; b < LATENCY_BUCKETS; b++) {
      seen += this.counts[b] ?? 0;
      if (seen >= rank) return Math.min(LatencyHistogram.upperOf(b), this.maxUs);
    }
    return this.maxUs;
  }

  summary(): LatencySummary {
    return { count: this.count, p50Us: this.percentile(0.5), p90Us: this.percentile(0.9), p99Us: this.percentile(0.99), maxUs: this.maxUs };
  }

  /** Non-empty buckets as [upper bound µs, count], for the web histogram. */
  buckets(): [number, number][] {
    const out: [number, number][] = [];
    this.counts.forEach((c, b) => {
      if (c > 0) out.push([LatencyHistogram.upperOf(b), c]);
    });
    return out;
  }
}

/** A latency kept per label value (the venue: /metrics' `venue` label), which the dashboards read merged. */
export class LabelledLatency {
  readonly byLabel = new Map<string, LatencyHistogram>();

  record(us: number, label = "unknown"): void {
    let h = this.byLabel.get(label);
    if (h === undefined) this.byLabel.set(label, (h = new LatencyHistogram()));
    h.record(us);
  }

  summary(): LatencySummary {
    return LatencyHistogram.merged(this.byLabel.values()).summary();
  }

  buckets(): [number, number][] {
    return LatencyHistogram.merged(this.byLabel.values()).buckets();
  }
}

/** The session's latency histograms: recorded by the session through its SessionStore, read by the dashboards (through
 *  the store) and by /metrics (createMetrics is given the same object). */
export interface SessionLatency {
  /** The book update that showed an arb → the last of its entry orders written on its socket. */
  readonly tickToOrder: LatencyHistogram;
  /** An order handed to its venue client → the venue's first answer, per venue. */
  readonly orderAck: LabelledLatency;
}

export function createSessionLatency(): SessionLatency {
  return { tickToOrder: new LatencyHistogram(), orderAck: new LabelledLatency() };
}
