/** Pure statistics for the report: nearest-rank percentiles, medians across repeats and their spread. */

/** The p-th percentile (0..100) by nearest rank: a value that was measured, never an interpolation. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const median = (values: readonly number[]): number | undefined => {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export interface Summary {
  readonly n: number;
  readonly p50: number | undefined;
  readonly p90: number | undefined;
  readonly p99: number | undefined;
  readonly max: number | undefined;
}

export function summarize(values: readonly number[]): Summary {
  return { n: values.length, p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99), max: percentile(values, 100) };
}

/** Across repeats: the median of each run's figure and the range it spanned. */
export function acrossRuns(values: readonly (number | undefined)[]): { median: number | undefined; min: number | undefined; max: number | undefined } {
  const v = values.filter((x): x is number => x !== undefined);
  return { median: median(v), min: v.length === 0 ? undefined : Math.min(...v), max: v.length === 0 ? undefined : Math.max(...v) };
}

/** The empirical CDF of a sample: [value, fraction ≤ value] steps, for the latency plots. */
export function cdf(values: readonly number[]): [number, number][] {
  const s = [...values].sort((a, b) => a - b);
  return s.map((v, i) => [v, (i + 1) / s.length]);
}
