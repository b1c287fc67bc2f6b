import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "./latency.js";

describe("LatencyHistogram", () => {
  it("reports each percentile within 1/16 above the exact order statistic, never below", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60_000_000 }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0.5, 0.9, 0.99), (xs, q) => {
        const h = new LatencyHistogram();
        for (const x of xs) h.record(x);
        const sorted = [...xs].sort((a, b) => a - b);
        const exact = sorted[Math.max(0, Math.ceil(q * xs.length) - 1)] ?? 0;
        const got = h.percentile(q);
        expect(got).toBeGreaterThanOrEqual(exact);
        expect(got).toBeLessThanOrEqual(Math.max(exact, Math.floor(exact * (1 + 1 / 16)) + 1));
      }),
    );
  });

  it("keeps buckets contiguous and ordered", () => {
    for (let us = 0; us < 100_000; us += 7) {
      const b = LatencyHistogram.bucketOf(us);
      expect(LatencyHistogram.upperOf(b)).toBeGreaterThanOrEqual(us);
      if (b > 0) expect(LatencyHistogram.upperOf(b - 1)).toBeLessThan(us);
    }
  });

  it("summarizes an empty histogram as zeros", () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, p50Us: 0, p90Us: 0, p99Us: 0, maxUs: 0 });
  });
});
