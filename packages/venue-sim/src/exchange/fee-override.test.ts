import { describe, expect, it } from "vitest";
import { computeOverrideRates, eventFeeOverride } from "./fee-override.js";

const NBA = { takerRatePpm: 70_000, makerRatePpm: 17_500 };

describe("event fee overrides as rates", () => {
  it("quadratic: round(multiplier × the series' taker rate), makers free", () => {
    expect(computeOverrideRates(NBA, { feeType: "quadratic", multiplierMillionths: 1_000_000 })).toEqual({ takerRatePpm: 70_000, makerRatePpm: 0 });
    expect(computeOverrideRates(NBA, { feeType: "quadratic", multiplierMillionths: 2_000_000 })).toEqual({ takerRatePpm: 140_000, makerRatePpm: 0 });
    // 0.333333 × 70 000 = 23 333.31 → 23 333; 0.5 × 35 001 = 17 500.5 → 17 501 (half up)
    expect(computeOverrideRates(NBA, { feeType: "quadratic", multiplierMillionths: 333_333 }).takerRatePpm).toBe(23_333);
    expect(computeOverrideRates({ takerRatePpm: 35_001, makerRatePpm: 0 }, { feeType: "quadratic", multiplierMillionths: 500_000 }).takerRatePpm).toBe(17_501);
  });

  it("quadratic_with_maker_fees scales the series' maker rate too; combo maker fees leave these markets' makers free", () => {
    expect(computeOverrideRates(NBA, { feeType: "quadratic_with_maker_fees", multiplierMillionths: 1_500_000 })).toEqual({
      takerRatePpm: 105_000,
      makerRatePpm: 26_250,
    });
    expect(computeOverrideRates(NBA, { feeType: "quadratic_with_combo_maker_fees", multiplierMillionths: 1_500_000 })).toEqual({
      takerRatePpm: 105_000,
      makerRatePpm: 0,
    });
  });

  it("refuses a rate above 100 %, a flat fee, and half an override; both fields null clear it", () => {
    expect(() => computeOverrideRates({ takerRatePpm: 200_000, makerRatePpm: 0 }, { feeType: "quadratic", multiplierMillionths: 6_000_000 })).toThrow(
      RangeError,
    );
    expect(() => eventFeeOverride("flat", 1)).toThrow(/flat/);
    expect(() => eventFeeOverride("quadratic", null)).toThrow(RangeError);
    expect(eventFeeOverride(null, null)).toBeUndefined();
    expect(eventFeeOverride("quadratic", 1.1)).toEqual({ feeType: "quadratic", multiplierMillionths: 1_100_000 });
  });
});
