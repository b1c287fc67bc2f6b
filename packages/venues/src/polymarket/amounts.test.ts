import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ROUNDING,
  TICK_SIZES,
  type TickSize,
  centsForShares,
  computeLimitAmounts,
  computeMarketBuyAmounts,
  computeMarketSellAmounts,
  tickSizeOfUnits,
} from "./amounts.js";

const amounts = (r: ReturnType<typeof computeLimitAmounts>) => {
  if (!r.ok) throw new Error(r.error);
  return [r.amounts.makerAmount, r.amounts.takerAmount];
};

/** A tick and a price on it, inside [tick, 1 − tick]. */
const tickAndPrice = fc.constantFrom(...TICK_SIZES).chain((tick) => {
  const t = ROUNDING[tick].tickUnits;
  return fc.tuple(
    fc.constant(tick),
    fc.integer({ min: 1, max: 10_000 / t - 1 }).map((k) => k * t),
  );
});
const decimalsOk = (base: bigint, dp: number) => base % 10n ** BigInt(6 - dp) === 0n;

describe("limit amounts", () => {
  it("match the SDK's buildOrderCreationArgs vectors (21.04 shares)", () => {
    expect(amounts(computeLimitAmounts("BUY", 2104, 5000, "0.1"))).toEqual([10_520_000n, 21_040_000n]);
    expect(amounts(computeLimitAmounts("BUY", 2104, 5600, "0.01"))).toEqual([11_782_400n, 21_040_000n]);
    expect(amounts(computeLimitAmounts("BUY", 2104, 560, "0.001"))).toEqual([1_178_240n, 21_040_000n]);
    expect(amounts(computeLimitAmounts("BUY", 2104, 56, "0.0001"))).toEqual([117_824n, 21_040_000n]);
    expect(amounts(computeLimitAmounts("SELL", 2104, 5600, "0.01"))).toEqual([21_040_000n, 11_782_400n]);
    expect(amounts(computeLimitAmounts("BUY", 17_000, 7000, "0.01"))).toEqual([119_000_000n, 170_000_000n]);
  });

  it("refuse off-tick, out-of-range and empty orders instead of rounding them", () => {
    expect(computeLimitAmounts("BUY", 100, 5650, "0.01")).toEqual({ ok: false, error: "PRICE_OFF_TICK" });
    expect(computeLimitAmounts("BUY", 100, 10_000, "0.0001")).toEqual({ ok: false, error: "PRICE_OUT_OF_RANGE" });
    expect(computeLimitAmounts("BUY", 100, 9999, "0.0001").ok).toBe(true);
    expect(computeLimitAmounts("BUY", 100, 0, "0.01")).toEqual({ ok: false, error: "PRICE_OUT_OF_RANGE" });
    expect(computeLimitAmounts("SELL", 0, 5000, "0.01")).toEqual({ ok: false, error: "SIZE_NOT_POSITIVE" });
  });

  it("keep the decimals rules, the exact price and monotonicity in size", () => {
    fc.assert(
      fc.property(
        tickAndPrice,
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom("BUY" as const, "SELL" as const),
        ([tick, p], size, more, side) => {
          const cfg = ROUNDING[tick];
          const [maker, taker] = amounts(computeLimitAmounts(side, size, p, tick)) as [bigint, bigint];
          const [shares, usd] = side === "BUY" ? [taker, maker] : [maker, taker];
          expect(decimalsOk(shares, cfg.sizeDp)).toBe(true);
          expect(decimalsOk(usd, cfg.amountDp)).toBe(true);
          expect(usd * 10_000n).toBe(shares * BigInt(p)); // price = usd / shares exactly
          const [m2, t2] = amounts(computeLimitAmounts(side, size + more, p, tick)) as [bigint, bigint];
          expect(m2 >= maker && t2 >= taker).toBe(true);
        },
      ),
    );
  });
});

describe("market amounts", () => {
  it("round the share count as the SDK does: up within 10^-(dp+4), else down", () => {
    // $1.00 at 0.30 (tick 0.01, amount dp 4): 3.33333… shares → 3.3333
    expect(amounts(computeMarketBuyAmounts(100, 3000, "0.01"))).toEqual([1_000_000n, 3_333_300n]);
    // $0.99 at 0.33: exactly 3 shares
    expect(amounts(computeMarketBuyAmounts(99, 3300, "0.01"))).toEqual([990_000n, 3_000_000n]);
    // $100 at 0.7: 142.857142… → 142.857 at tick 0.1 (amount dp 3)
    expect(amounts(computeMarketBuyAmounts(10_000, 7000, "0.1"))).toEqual([100_000_000n, 142_857_000n]);
    expect(amounts(computeMarketSellAmounts(2104, 5600, "0.01"))).toEqual([21_040_000n, 11_782_400n]);
    expect(computeMarketBuyAmounts(1, 9900, "0.1")).toEqual({ ok: false, error: "PRICE_OFF_TICK" });
  });

  it("never imply a price below the limit, stay within a tick of it, and grow with the amount", () => {
    fc.assert(
      fc.property(tickAndPrice, fc.integer({ min: 100, max: 1e9 }), fc.integer({ min: 0, max: 1e6 }), ([tick, p], cents, more) => {
        fc.pre(cents * 100 >= p); // at least one share, as real orders are
        const cfg = ROUNDING[tick];
        const [maker, taker] = amounts(computeMarketBuyAmounts(cents, p, tick)) as [bigint, bigint];
        expect(decimalsOk(maker, 2)).toBe(true);
        expect(decimalsOk(taker, cfg.amountDp)).toBe(true);
        expect(maker * 10_000n >= taker * BigInt(p)).toBe(true);
        expect(maker * 10_000n < taker * BigInt(p + cfg.tickUnits)).toBe(true);
        const [m2, t2] = amounts(computeMarketBuyAmounts(cents + more, p, tick)) as [bigint, bigint];
        expect(m2 >= maker && t2 >= taker).toBe(true);
      }),
    );
  });

  it("spend at most size × price for a share-sized arb leg", () => {
    fc.assert(
      fc.property(tickAndPrice, fc.integer({ min: 100, max: 1e8 }), ([tick, p], size) => {
        const cents = centsForShares(size, p);
        fc.pre(cents > 0);
        const [maker, taker] = amounts(computeMarketBuyAmounts(cents, p, tick as TickSize)) as [bigint, bigint];
        expect(maker <= BigInt(size) * BigInt(p)).toBe(true);
        expect(taker <= BigInt(size) * 10_000n).toBe(true);
      }),
    );
  });

  it("knows each tick by its units", () => {
    for (const t of TICK_SIZES) expect(tickSizeOfUnits(ROUNDING[t].tickUnits)).toBe(t);
    expect(tickSizeOfUnits(3)).toBeUndefined();
  });
});
