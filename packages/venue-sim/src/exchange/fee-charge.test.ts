import { kalshiTradeFeeMicros } from "@arb/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeFillCharge, floorToStep } from "./fee-charge.js";

const CENT = 10_000;
const CENTICENT = 100;

/** Runs fills of one order through the accumulator, as the venue does. */
function runOrder(fills: readonly { revenueMicros: number; tradeFeeMicros: number }[], precisionMicros: number) {
  let accumulatorMicros = 0;
  return fills.map((f) => {
    const c = computeFillCharge({ ...f, precisionMicros, accumulatorMicros });
    accumulatorMicros = c.accumulatorMicros;
    return c;
  });
}

describe("Kalshi fee rounding, docs 2026-08-26", () => {
  it("FCM-cleared fill: revenue −$0.055, model fee $0.00363825 → trade fee $0.003639, balance −$0.06", () => {
    // 1.00 contract at $0.055 = 100 hundredths × 550 units; 0.07 × 0.055 × 0.945 = 0.00363825
    expect(kalshiTradeFeeMicros(100, 550)).toBe(3639);
    const c = computeFillCharge({ revenueMicros: -55_000, tradeFeeMicros: 3639, precisionMicros: CENT, accumulatorMicros: 0 });
    expect(c.balanceChangeMicros).toBe(-60_000);
    expect(c.roundingFeeMicros).toBe(1361);
    expect(c.tradeFeeMicros + c.roundingFeeMicros).toBe(5000);
    expect(c.rebateMicros).toBe(0);
  });

  it("accumulator across fills: three fills adding $0.004 each rebate $0.01 on the third, $0.002 carried", () => {
    // revenue −$0.050, trade fee $0.006 → −$0.056 → floor −$0.06: $0.004 rounding per fill
    const out = runOrder(
      [0, 1, 2].map(() => ({ revenueMicros: -50_000, tradeFeeMicros: 6000 })),
      CENT,
    );
    expect(out.map((c) => c.roundingFeeMicros)).toEqual([4000, 4000, 4000]);
    expect(out.map((c) => c.rebateMicros)).toEqual([0, 0, 10_000]);
    expect(out.map((c) => c.accumulatorMicros)).toEqual([4000, 8000, 2000]);
    expect(out.map((c) => c.balanceChangeMicros)).toEqual([-60_000, -60_000, -50_000]);
  });
});

describe("accumulator mechanics with the superseded page's centicent trade fees (docs 2026-06-01 tables)", () => {
  it("0.90 contracts at $0.50 in three 0.30 lots: rebate on fill 2, net fee $0.00 there", () => {
    const out = runOrder(
      [0, 1, 2].map(() => ({ revenueMicros: -150_000, tradeFeeMicros: 4100 })),
      CENT,
    );
    expect(out.map((c) => c.roundingFeeMicros)).toEqual([5900, 5900, 5900]);
    expect(out.map((c) => c.accumulatorMicros)).toEqual([5900, 1800, 7700]);
    expect(out.map((c) => c.rebateMicros)).toEqual([0, 10_000, 0]);
    expect(out.map((c) => c.netFeeMicros)).toEqual([10_000, 0, 10_000]);
    expect(out.map((c) => c.balanceChangeMicros)).toEqual([-160_000, -150_000, -160_000]);
  });

  it("0.09 contracts at $0.3301 in three 0.03 lots: rebates on fills 2 and 3, net fee $0.000097", () => {
    const out = runOrder(
      [0, 1, 2].map(() => ({ revenueMicros: -9903, tradeFeeMicros: 500 })),
      CENT,
    );
    expect(out.map((c) => c.roundingFeeMicros)).toEqual([9597, 9597, 9597]);
    expect(out.map((c) => c.accumulatorMicros)).toEqual([9597, 9194, 8791]);
    expect(out.map((c) => c.netFeeMicros)).toEqual([10_097, 97, 97]);
  });

  it("3 contracts at $0.055 in 1-lots: a rebate on fill 2 only", () => {
    const out = runOrder(
      [0, 1, 2].map(() => ({ revenueMicros: -55_000, tradeFeeMicros: 8500 })),
      CENT,
    );
    expect(out.map((c) => c.rebateMicros)).toEqual([0, 10_000, 0]);
    expect(out.map((c) => c.netFeeMicros)).toEqual([15_000, 5000, 15_000]);
  });
});

describe("invariants", () => {
  const fills = fc.array(fc.record({ count: fc.integer({ min: 1, max: 50_000 }), price: fc.integer({ min: 1, max: 9999 }) }), { minLength: 1, maxLength: 12 });
  const precision = fc.constantFrom(CENT, CENTICENT);

  it("every balance change is on the member's grid and every net fee is ≥ 0", () => {
    fc.assert(
      fc.property(fills, precision, (fs, prec) => {
        const out = runOrder(
          fs.map((f) => ({ revenueMicros: -f.count * f.price, tradeFeeMicros: kalshiTradeFeeMicros(f.count, f.price) })),
          prec,
        );
        for (const c of out) {
          expect(floorToStep(c.balanceChangeMicros, prec)).toBe(c.balanceChangeMicros);
          expect(c.netFeeMicros).toBeGreaterThanOrEqual(0);
          expect(c.accumulatorMicros).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it("an order pays exactly its trade fees plus what is left in the accumulator (rebates only return overpayment)", () => {
    fc.assert(
      fc.property(fills, precision, (fs, prec) => {
        const input = fs.map((f) => ({ revenueMicros: -f.count * f.price, tradeFeeMicros: kalshiTradeFeeMicros(f.count, f.price) }));
        const out = runOrder(input, prec);
        const net = out.reduce((a, c) => a + c.netFeeMicros, 0);
        const trade = input.reduce((a, f) => a + f.tradeFeeMicros, 0);
        expect(net).toBe(trade + (out[out.length - 1]?.accumulatorMicros ?? 0));
      }),
    );
  });

  it("floorToStep rounds toward −∞", () => {
    expect(floorToStep(-58_639, CENT)).toBe(-60_000);
    expect(floorToStep(58_639, CENT)).toBe(50_000);
    expect(floorToStep(-60_000, CENT)).toBe(-60_000);
  });
});
