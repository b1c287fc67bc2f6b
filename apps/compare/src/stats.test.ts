import { describe, expect, it } from "vitest";
import { acrossRuns, cdf, median, percentile, summarize } from "./stats.js";

describe("stats", () => {
  it("percentiles by nearest rank: always a measured value", () => {
    const v = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(v, 50)).toBe(5);
    expect(percentile(v, 90)).toBe(9);
    expect(percentile(v, 99)).toBe(10);
    expect(percentile(v, 100)).toBe(10);
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([3.5], 1)).toBe(3.5);
  });

  it("medians average the middle pair; summaries and ranges across runs", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(summarize([1, 2, 3])).toEqual({ n: 3, p50: 2, p90: 3, p99: 3, max: 3 });
    expect(acrossRuns([3, undefined, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(acrossRuns([undefined])).toEqual({ median: undefined, min: undefined, max: undefined });
  });

  it("the CDF climbs to 1 in sorted steps", () => {
    expect(cdf([3, 1, 2, 2])).toEqual([
      [1, 0.25],
      [2, 0.5],
      [2, 0.75],
      [3, 1],
    ]);
  });
});
