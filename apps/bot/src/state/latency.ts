/**
 * A fixed log-linear histogram of microseconds (no allocation per sample): 16 sub-buckets per power of two up to
 * ~67 s, so a percentile is exact to within 1/16 of its magnitude. Pure apart from its own counts.
 */
const SUB = 16;
const POWERS = 27;
export const LATENCY_BUCKETS = SUB * POWERS;

export interface LatencySummary {
  readonly count: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
}

export class LatencyHistogram {
  readonly counts = new Uint32Array(LATENCY_BUCKETS);
  count = 0;
  maxUs = 0;

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
    if (us > this.maxUs) this.maxUs = Math.floor(us);
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
