// Hand-worked vectors: every number below is computed in the comment beside it, not by the code under test.
import { kalshiSchedule, polymarketSchedule, LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES } from "@arb/domain";
import { describe, expect, it } from "vitest";
import { type DetectionEngine, NO_ASK, createEngine, decodeRecord } from "../src/index.js";

const FLAVORS = ["wasm-simd", "wasm-scalar", "ts-twin"] as const;

function setup(flavor: (typeof FLAVORS)[number], pairs = 1) {
  const e = createEngine(flavor);
  const k = e.addSchedule(kalshiSchedule()); // 0.07
  const p = e.addSchedule(polymarketSchedule(50_000, 1)); // sports 0.05, exponent 1
  for (let i = 0; i < pairs; i++) e.addPair(k, p);
  e.setMinEdge(0);
  return { e, k, p };
}

function scanAll(e: DetectionEngine, nowMs = 0) {
  const n = e.scan(nowMs);
  return Array.from({ length: n }, (_, j) => decodeRecord(e.records, j));
}

describe.each(FLAVORS)("%s", (flavor) => {
  it("per-contract fee table: Kalshi 0.07 × 0.5 × 0.5 = $0.0175 → 175; Polymarket 0.05 × 0.4 × 0.6 = $0.012 → 120", () => {
    const { e, k, p } = setup(flavor);
    expect(e.feeUnits(k, 5000)).toBe(175);
    expect(e.feeUnits(p, 4000)).toBe(120);
    // Kalshi @ $0.01: 0.07 × 0.01 × 0.99 = $0.000693 → rounds up to 7 units; @ $0.99 the same
    expect(e.feeUnits(k, 100)).toBe(7);
    expect(e.feeUnits(k, 9900)).toBe(7);
    // rounding boundary: Kalshi @ $0.20: 0.07 × 0.2 × 0.8 = $0.0112 exactly → 112, no round-up
    expect(e.feeUnits(k, 2000)).toBe(112);
  });

  it("type 1 poly_yes_kalshi_no: PY 0.40 + 120 fee + KN 0.55 + 174 fee (0.07×0.55×0.45=0.017325) = 9794 → edge 206", () => {
    const { e } = setup(flavor);
    e.setAsk(0, LEG_POLY_YES, 4000, 1000);
    e.setAsk(0, LEG_KALSHI_NO, 5500, 500);
    expect(e.checkPair(0, 0)).toBe(1);
    expect(decodeRecord(e.result, 0)).toEqual({
      pair: 0,
      type: "poly_yes_kalshi_no",
      typeCode: 1,
      edgeUnits: 206,
      edgeBps: 210,
      sizeHundredths: 500, // 206e4/9794 = 210.3
    });
  });

  it("type 2 kalshi_yes_poly_no: KY 0.30 (0.07×0.3×0.7=0.0147 → 147) + PN 0.60 (0.05×0.24 → 120) = 9267 → edge 733", () => {
    const { e } = setup(flavor);
    e.setAsk(0, LEG_KALSHI_YES, 3000, 2500);
    e.setAsk(0, LEG_POLY_NO, 6000, 9900);
    expect(e.checkPair(0, 0)).toBe(2);
    expect(decodeRecord(e.result, 0)).toMatchObject({ type: "kalshi_yes_poly_no", edgeUnits: 733, edgeBps: 790, sizeHundredths: 2500 });
  });

  it("type 3 poly_same_market: PY 0.45 (0.05×0.2475=0.012375 → 124) + PN 0.50 (125) = 9749 → edge 251", () => {
    const { e } = setup(flavor);
    e.setAsk(0, LEG_POLY_YES, 4500, 700);
    e.setAsk(0, LEG_POLY_NO, 5000, 300);
    expect(e.checkPair(0, 0)).toBe(3);
    expect(decodeRecord(e.result, 0)).toMatchObject({ type: "poly_same_market", edgeUnits: 251, sizeHundredths: 300 });
  });

  it("type 4 kalshi_same_market: KY 0.48 + KN 0.48, 175 fee each (0.07×0.2496=0.017472) → 9950 → edge 50", () => {
    const { e } = setup(flavor);
    e.setAsk(0, LEG_KALSHI_YES, 4800, 100);
    e.setAsk(0, LEG_KALSHI_NO, 4800, 300);
    expect(e.checkPair(0, 0)).toBe(4);
    expect(decodeRecord(e.result, 0)).toMatchObject({ type: "kalshi_same_market", edgeUnits: 50, edgeBps: 50, sizeHundredths: 100 });
  });

  it("exactly at the threshold is an opportunity, one unit over is not", () => {
    const { e } = setup(flavor);
    e.setAsk(0, LEG_KALSHI_YES, 4800, 100);
    e.setAsk(0, LEG_KALSHI_NO, 4800, 100);
    e.setMinEdge(50); // cost 9950 ≤ 10 000 − 50
    expect(e.checkPair(0, 0)).toBe(4);
    expect(scanAll(e)).toHaveLength(1);
    e.setMinEdge(51);
    expect(e.checkPair(0, 0)).toBe(0);
    expect(scanAll(e)).toHaveLength(0);
  });

  it("a missing ask (sentinel, price 0, or size 0) never makes an opportunity", () => {
    const { e } = setup(flavor);
    e.setAsk(0, LEG_KALSHI_YES, 1, 100);
    e.setAsk(0, LEG_POLY_YES, 1, 100);
    e.setAsk(0, LEG_KALSHI_NO, NO_ASK, 100);
    e.setAsk(0, LEG_POLY_NO, 0, 100);
    expect(e.checkPair(0, 0)).toBe(0);
    e.setAsk(0, LEG_POLY_NO, 1, 0);
    expect(e.checkPair(0, 0)).toBe(0);
    expect(scanAll(e)).toHaveLength(0);
    // now PN = 1 + 1 fee (0.05 × 0.0001 × 0.9999 → rounds up to 1), KY = 1 + 1 (Kalshi likewise), PY the same:
    // KY+PN and PY+PN both cost 4 → edge 9996, and the tie goes to the lower code, 2
    e.setAsk(0, LEG_POLY_NO, 1, 1);
    expect(e.checkPair(0, 0)).toBe(2);
    expect(decodeRecord(e.result, 0)).toMatchObject({ edgeUnits: 9996, sizeHundredths: 1 });
  });

  it("ties go to the lower type code, and the scan lists every type that clears, in type order", () => {
    const { e } = setup(flavor);
    for (const leg of [LEG_KALSHI_YES, LEG_KALSHI_NO, LEG_POLY_YES, LEG_POLY_NO]) e.setAsk(0, leg, 4000, 100);
    // all four costs 4000+168+4000+168 (Kalshi 0.07×0.24=0.0168) vs Polymarket 120: PY+PN cheapest (8240)
    expect(e.checkPair(0, 0)).toBe(3);
    e.setPairFees(0, e.addSchedule(kalshiSchedule(50_000)), 1); // Kalshi now 0.05 too: all four tie at 8240
    expect(e.checkPair(0, 0)).toBe(1);
    expect(scanAll(e).map((r) => r.typeCode)).toEqual([1, 2, 3, 4]);
  });

  it("in-flight pairs are skipped by check and scan; a cooldown keeps them out until it expires", () => {
    const { e } = setup(flavor, 300);
    e.setAsk(299, LEG_KALSHI_YES, 4000, 100);
    e.setAsk(299, LEG_POLY_NO, 4000, 100);
    e.refreshPair(299);
    expect(scanAll(e).map((r) => r.pair)).toEqual([299]);
    expect(e.tryAcquire(299, 1000)).toBe(true);
    expect(e.tryAcquire(299, 1000)).toBe(false);
    expect(e.isInFlight(299)).toBe(true);
    expect(scanAll(e)).toHaveLength(0);
    expect(e.checkPair(299, 1000)).toBe(0);
    e.release(299, 2000, 500);
    expect(e.isInFlight(299)).toBe(false);
    expect(scanAll(e, 2499)).toHaveLength(0);
    expect(e.tryAcquire(299, 2499)).toBe(false);
    expect(scanAll(e, 2500)).toHaveLength(1);
    expect(e.tryAcquire(299, 2500)).toBe(true);
    e.release(299, 3000);
    expect(e.checkPair(299, 3000)).toBe(2);
  });

  it("grows past terauss's 1 024-pair cap without losing state", () => {
    const { e } = setup(flavor, 10);
    e.setAsk(3, LEG_KALSHI_YES, 4000, 100);
    e.setAsk(3, LEG_POLY_NO, 4000, 100);
    e.refreshPair(3);
    e.tryAcquire(5, 0);
    for (let i = 10; i < 5000; i++) e.addPair(0, 1);
    const v = e.views();
    v.ask[LEG_POLY_YES][4999] = 3000;
    v.size[LEG_POLY_YES][4999] = 100;
    v.ask[LEG_KALSHI_NO][4999] = 3000;
    v.size[LEG_KALSHI_NO][4999] = 100;
    e.refreshPair(4999);
    expect(e.pairCount).toBe(5000);
    expect(e.isInFlight(5)).toBe(true);
    expect(scanAll(e).map((r) => [r.pair, r.typeCode])).toEqual([
      [3, 2],
      [4999, 1],
    ]);
  });

  it("pair indices run past 65 535: no u16 sentinel collides with a pair", () => {
    const { e } = setup(flavor, 70_000);
    e.setAsk(65_535, LEG_KALSHI_YES, 4000, 100);
    e.setAsk(65_535, LEG_POLY_NO, 4000, 100);
    expect(e.checkPair(65_535, 0)).toBe(2);
    expect(scanAll(e).map((r) => r.pair)).toEqual([65_535]);
  });

  it("terauss model: Kalshi fee per contract rounded up to the cent, Polymarket free", () => {
    const e = createEngine(flavor);
    const k = e.addSchedule(kalshiSchedule(70_000, "terauss"));
    const p = e.addSchedule(polymarketSchedule(50_000, 1, "terauss"));
    e.addPair(k, p);
    e.setMinEdge(100); // terauss: at least 1¢ per contract
    // KY 0.48 + 2¢ fee, PN 0.49 + 0 → 9900 → edge exactly 1¢
    e.setAsk(0, LEG_KALSHI_YES, 4800, 100);
    e.setAsk(0, LEG_POLY_NO, 4900, 100);
    expect(e.checkPair(0, 0)).toBe(2);
    e.setAsk(0, LEG_POLY_NO, 4901, 100);
    expect(e.checkPair(0, 0)).toBe(0);
  });
});
