import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  KALSHI_DEFAULT_RATE_PPM,
  kalshiFeeOverrideRatePpm,
  kalshiOrderCostMicros,
  kalshiOrderFeeMicros,
  kalshiSchedule,
  kalshiTradeFeeMicros,
  orderFeeMicros,
  perContractFeeUnits,
  polymarketOrderFeeMicros,
  polymarketSchedule,
} from "./fees.js";

describe("Kalshi per-order fee (venues.md §1.5 and fee_rounding 2026-08-26)", () => {
  it("10 @ $0.50: 0.07 × 10 × 0.25 = $0.175 → $0.18 at cent precision", () => {
    expect(kalshiTradeFeeMicros(1000, 5000)).toBe(175_000);
    expect(kalshiOrderFeeMicros(1000, 5000)).toBe(180_000);
    expect(kalshiOrderCostMicros(1000, 5000)).toBe(5_180_000);
  });
  it("1 @ $0.50: $0.0175 → $0.02; 100 @ $0.50 → $1.75 exactly", () => {
    expect(kalshiOrderFeeMicros(100, 5000)).toBe(20_000);
    expect(kalshiOrderFeeMicros(10_000, 5000)).toBe(1_750_000);
  });
  it("fractional count at a sub-dollar price: 6-dp trade fee, then the balance goes to the member's grid", () => {
    // 1.10 contracts at $0.05: notional 110 × 500 = 55 000 micros (the docs' −$0.055 revenue);
    // model fee 0.07 × 1.1 × 0.05 × 0.95 = $0.0036575 → trade fee $0.003658 (ceil 6 dp)
    expect(kalshiTradeFeeMicros(110, 500)).toBe(3658);
    expect(kalshiOrderCostMicros(110, 500)).toBe(60_000); // floor_cent(−$0.058658) = −$0.06, as in the docs
    expect(kalshiOrderCostMicros(110, 500, 70_000, 100)).toBe(58_700); // direct member: $0.0001 grid
  });
  it("direct-member precision keeps sub-cent costs", () => {
    expect(kalshiOrderCostMicros(1000, 5000, 70_000, 100)).toBe(5_175_000);
  });
  it("whole contracts at whole-cent prices: C × P plus the fee rounded up to the cent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 99 }), (c, cents) => {
        // fee in cents = ceil(0.07 × c × (cents/100) × (1 − cents/100) × 100) = ceil(7·c·cents·(100 − cents) / 10 000)
        const exactCents = Number((7n * BigInt(c) * BigInt(cents) * BigInt(100 - cents) + 9_999n) / 10_000n);
        expect(kalshiOrderCostMicros(c * 100, cents * 100)).toBe(c * cents * 10_000 + exactCents * 10_000);
      }),
    );
  });
});

describe("Polymarket per-order fee (shares × r × (p(1−p))^e, floored to 5 dp)", () => {
  it("100 shares @ $0.50, sports r=0.05: $1.25", () => {
    expect(polymarketOrderFeeMicros(10_000, 5000, 50_000, 1)).toBe(1_250_000);
  });
  it("floors to $0.00001: 1 share @ $0.01, r=0.05 → 0.000495 → $0.00049", () => {
    expect(polymarketOrderFeeMicros(100, 100, 50_000, 1)).toBe(490);
  });
  it("exponent 2: 100 shares @ $0.50, r=0.25 → 100 × 0.25 × 0.0625 = $1.5625", () => {
    expect(polymarketOrderFeeMicros(10_000, 5000, 250_000, 2)).toBe(1_562_500);
  });
  it("a fee-free market costs nothing", () => {
    expect(polymarketOrderFeeMicros(10_000, 5000, 0, 1)).toBe(0);
  });
  it("refuses an exponent it cannot compute exactly", () => {
    expect(() => polymarketOrderFeeMicros(100, 5000, 50_000, 3)).toThrow(/exponent/);
  });
});

describe("per-contract estimate (detector)", () => {
  it("Kalshi exact @ $0.50: 0.07 × 0.25 = $0.0175 → 175 units", () => {
    expect(perContractFeeUnits(kalshiSchedule(), 5000)).toBe(175);
  });
  it("Kalshi exact @ $0.05: 0.07 × 0.0475 = $0.003325 → rounds up to 34 units", () => {
    expect(perContractFeeUnits(kalshiSchedule(), 500)).toBe(34);
  });
  it("terauss: per contract rounded up to the cent; Polymarket free", () => {
    expect(perContractFeeUnits(kalshiSchedule(70_000, "terauss"), 5000)).toBe(200);
    expect(perContractFeeUnits(kalshiSchedule(70_000, "terauss"), 100)).toBe(100);
    expect(perContractFeeUnits(polymarketSchedule(50_000, 1, "terauss"), 5000)).toBe(0);
  });
  it("no fee at $0 and $1", () => {
    expect(perContractFeeUnits(kalshiSchedule(), 0)).toBe(0);
    expect(perContractFeeUnits(kalshiSchedule(), 10_000)).toBe(0);
  });
  it("the estimate never undercuts the exact per-order fee of one contract", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 200_000 }), fc.constantFrom(0, 1, 2), (p, r, e) => {
        const s = polymarketSchedule(r, e);
        expect(perContractFeeUnits(s, p) * 100).toBeGreaterThanOrEqual(orderFeeMicros(s, 100, p));
      }),
    );
  });
});

describe("schedules", () => {
  it("names the bad field", () => {
    expect(() => polymarketSchedule(-1, 1)).toThrow(/ratePpm/);
    expect(() => polymarketSchedule(1.5, 1)).toThrow(/ratePpm/);
  });
});

describe("Kalshi event fee override (event_fee_update, asyncapi eventFeeUpdatePayload)", () => {
  it("the documented examples: quadratic × 1 is the base rate; both fields null clears the override", () => {
    expect(kalshiFeeOverrideRatePpm("quadratic", 1)).toBe(KALSHI_DEFAULT_RATE_PPM);
    expect(kalshiFeeOverrideRatePpm(null, null)).toBeNull();
  });
  it("every quadratic variant scales the series' taker rate by the multiplier, rounded to the ppm", () => {
    expect(kalshiFeeOverrideRatePpm("quadratic", 0.5)).toBe(35_000);
    expect(kalshiFeeOverrideRatePpm("quadratic_with_maker_fees", 0)).toBe(0);
    expect(kalshiFeeOverrideRatePpm("quadratic_with_combo_maker_fees", 1.25, 50_000)).toBe(62_500);
    // 0.000015 × 70 000 = 1.05 → 1; 0.000007 × 70 000 = 0.49 → 0; 0.00005 × 10 000 = 0.5 → 1 (half up)
    expect(kalshiFeeOverrideRatePpm("quadratic", 0.000015)).toBe(1);
    expect(kalshiFeeOverrideRatePpm("quadratic", 0.000007)).toBe(0);
    expect(kalshiFeeOverrideRatePpm("quadratic", 0.00005, 10_000)).toBe(1);
    // 1.1 × 70 000 is 77 000.00000000001 in floats; the decimal reading gives the integer
    expect(kalshiFeeOverrideRatePpm("quadratic", 1.1)).toBe(77_000);
  });
  it("fails closed (undefined) on what it cannot model", () => {
    expect(kalshiFeeOverrideRatePpm("flat", 1)).toBeUndefined();
    expect(kalshiFeeOverrideRatePpm("cubic", 1)).toBeUndefined();
    expect(kalshiFeeOverrideRatePpm("quadratic", null)).toBeUndefined();
    expect(kalshiFeeOverrideRatePpm(null, 1)).toBeUndefined();
    expect(kalshiFeeOverrideRatePpm("quadratic", -0.5)).toBeUndefined();
    expect(kalshiFeeOverrideRatePpm("quadratic", 1e-7)).toBeUndefined();
    expect(kalshiFeeOverrideRatePpm("quadratic", Number.NaN)).toBeUndefined();
    expect(kalshiFeeOverrideRatePpm("quadratic", Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(kalshiFeeOverrideRatePpm("quadratic", 15)).toBeUndefined(); // 105 %
    expect(kalshiFeeOverrideRatePpm("quadratic", 1e30)).toBeUndefined();
  });
  it("refuses a bad base rate (a caller bug, not venue input)", () => {
    expect(() => kalshiFeeOverrideRatePpm("quadratic", 1, 1.5)).toThrow(/base ratePpm/);
    expect(() => kalshiFeeOverrideRatePpm("quadratic", 1, -1)).toThrow(/base ratePpm/);
  });
  it("is an integer rate in 0..1 000 000 equal to exact rounding for any multiplier with up to 6 decimals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (m6, base) => {
        const multiplier = m6 / 1e6;
        const r = kalshiFeeOverrideRatePpm("quadratic", multiplier, base);
        const exact = (BigInt(m6) * BigInt(base) * 2n + 1_000_000n) / 2_000_000n;
        if (exact > 1_000_000n) expect(r).toBeUndefined();
        else expect(r).toBe(Number(exact));
      }),
    );
  });
});
