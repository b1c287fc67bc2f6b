import { kalshiSchedule, kalshiTradeFeeMicros, perContractFeeUnits, polymarketOrderFeeMicros, polymarketSchedule } from "@arb/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { feeTableOf } from "./fee-tables.js";

const rate = fc.oneof(fc.constantFrom(0, 1, 30_000, 50_000, 70_000, 1_000_000), fc.integer({ min: 0, max: 1_000_000 }));
const price = fc.oneof(fc.constantFrom(0, 1, 4_999, 5_000, 9_999, 10_000), fc.integer({ min: 0, max: 10_000 }));
// Up to 10^7 hundredths, beyond where the double split falls back to BigInt.
const size = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 10_000_000 }));

describe("fee tables equal @arb/domain's exact fees", () => {
  it("Kalshi: per-contract units and the trade fee of a fill", () => {
    fc.assert(
      fc.property(rate, price, size, (r, p, c) => {
        const t = feeTableOf("kalshi", r, 1);
        expect(t.fillFeeMicros(c, p)).toBe(kalshiTradeFeeMicros(c, p, r));
        expect(t.perContractUnits(p)).toBe(perContractFeeUnits(kalshiSchedule(r), p));
      }),
      { numRuns: 3_000 },
    );
  });

  it("Polymarket: per-contract units and the taker fee of a fill, exponents 0, 1 and 2", () => {
    fc.assert(
      fc.property(rate, fc.constantFrom(0, 1, 2), price, size, (r, e, p, c) => {
        const t = feeTableOf("polymarket", r, e);
        expect(t.fillFeeMicros(c, p)).toBe(polymarketOrderFeeMicros(c, p, r, e));
        expect(t.perContractUnits(p)).toBe(perContractFeeUnits(polymarketSchedule(r, e), p));
      }),
      { numRuns: 3_000 },
    );
  });
});
