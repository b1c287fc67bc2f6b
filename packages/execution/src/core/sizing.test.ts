import { kalshiOrderCostMicros } from "@arb/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VenueRules } from "../config.js";
import { computeLegCost, planSize } from "./sizing.js";

const kalshi = VenueRules.parse({ lotHundredths: 100, minOrderHundredths: 100, tickUnits: 100, feeRatePpm: 70_000 });
const limits = { maxHundredths: 1_000_000, minProfitMicros: 1, minEdgeBps: 1 };

describe("sizing", () => {
  it("one level: the exact Kalshi order cost", () => {
    expect(computeLegCost({ venue: "kalshi", asks: [4500, 1000] }, 1000, kalshi)).toEqual({
      filledHundredths: 1000,
      costMicros: kalshiOrderCostMicros(1000, 4500),
      feeMicros: kalshiOrderCostMicros(1000, 4500) - 4_500_000,
      limitPriceUnits: 4500,
    });
  });
  it("walks levels until the next contract stops paying, capped by the limit", () => {
    const a = { venue: "kalshi" as const, asks: [4500, 500, 4800, 500, 5200, 1000] };
    const b = { venue: "kalshi" as const, asks: [4500, 2000] };
    const r = planSize(a, kalshi, b, kalshi, limits);
    expect(r.ok && r.plan.sizeHundredths).toBe(1000);
    expect(r.ok && r.plan.legs[0].limitPriceUnits).toBe(4800);
    const capped = planSize(a, kalshi, b, kalshi, { ...limits, maxHundredths: 750 });
    expect(capped.ok && capped.plan.sizeHundredths).toBe(700);
  });
  it("refuses what the exact fees make unprofitable (the per-contract estimate said yes)", () => {
    // 2 × 48¢ + 2 × 1.75¢ estimate < $1, but each one-contract order's fee rounds up to 2¢: exactly $1, no profit.
    expect(planSize({ venue: "kalshi", asks: [4800, 100] }, kalshi, { venue: "kalshi", asks: [4800, 100] }, kalshi, limits)).toEqual({
      ok: false,
      reason: "EDGE_TOO_SMALL",
    });
    // Not one contract has a positive marginal edge: the edge is gone (not a size below the venues' minimums).
    expect(planSize({ venue: "kalshi", asks: [4900, 1000] }, kalshi, { venue: "kalshi", asks: [4950, 1000] }, kalshi, limits)).toEqual({
      ok: false,
      reason: "EDGE_TOO_SMALL",
    });
  });
  it("a plan is always profitable at its size after the exact fees, and on the lot grid", () => {
    const ladder = fc.array(fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 5000 })), { minLength: 1, maxLength: 5 }).map((ls) => {
      const sorted = [...new Map(ls.map(([c, s]) => [c * 100, s])).entries()].sort((x, y) => x[0] - y[0]);
      return sorted.flat();
    });
    fc.assert(
      fc.property(ladder, ladder, (x, y) => {
        const r = planSize({ venue: "kalshi", asks: x }, kalshi, { venue: "kalshi", asks: y }, kalshi, limits);
        if (!r.ok) return;
        const { sizeHundredths: s, legs } = r.plan;
        expect(s % 100).toBe(0);
        expect(legs[0].filledHundredths).toBe(s);
        expect(legs[1].filledHundredths).toBe(s);
        expect(s * 10_000 - legs[0].costMicros - legs[1].costMicros).toBe(r.plan.profitMicros);
        expect(r.plan.profitMicros).toBeGreaterThan(0);
      }),
    );
  });
});
