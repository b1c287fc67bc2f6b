import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXPOSED_BOUNDS_US, LabelledLatency, LatencyHistogram } from "./latency.js";

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

describe("LatencyHistogram's exposed (Prometheus) counts", () => {
  it("count exactly the samples at or below each bound, and sum them as given", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 2_000_000, noNaN: true }), { maxLength: 300 }), (xs) => {
        const h = new LatencyHistogram();
        for (const x of xs) h.record(x);
        let cumulative = 0;
        EXPOSED_BOUNDS_US.forEach((bound, i) => {
          cumulative += h.exposedCounts[i] ?? 0;
          expect(cumulative).toBe(xs.filter((x) => x <= bound).length);
        });
        expect(cumulative + (h.exposedCounts[EXPOSED_BOUNDS_US.length] ?? 0)).toBe(xs.length);
        expect(h.sumUs).toBeCloseTo(
          xs.reduce((a, b) => a + b, 0),
          3,
        );
      }),
    );
  });

  it("merge per-label histograms into the one the dashboards read", () => {
    const all = new LatencyHistogram();
    const byVenue = new LabelledLatency();
    [120, 80, 4_000, 950, 33, 250, 251].forEach((us, i) => {
      all.record(us);
      byVenue.record(us, i % 2 === 0 ? "kalshi" : "polymarket");
    });
    expect([...byVenue.byLabel.keys()].sort()).toEqual(["kalshi", "polymarket"]);
    expect(byVenue.summary()).toEqual(all.summary());
    expect(byVenue.buckets()).toEqual(all.buckets());
    const merged = LatencyHistogram.merged(byVenue.byLabel.values());
    expect([...merged.exposedCounts]).toEqual([...all.exposedCounts]);
    expect(merged.sumUs).toBe(all.sumUs);
  });
});
