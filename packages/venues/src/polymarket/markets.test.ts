import { describe, expect, it } from "vitest";
import { MarketRegistry, parsePolymarketMarketKey, polymarketMarketKey } from "./markets.js";

const C = "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1";
const info = {
  conditionId: C,
  yesTokenId: "111",
  noTokenId: "222",
  tick: "0.01" as const,
  negRisk: false,
  feeRatePpm: 0,
  feeExponent: 0,
  minOrderHundredths: 500,
};

describe("market keys", () => {
  it("round-trips both orientations", () => {
    for (const inverted of [false, true]) expect(parsePolymarketMarketKey(polymarketMarketKey(C, inverted))).toEqual({ conditionId: C, inverted });
    expect(polymarketMarketKey(C, false)).toBe(C);
  });

  it("resolves the inverted key to the market with its tokens swapped, following tick changes, and lists each market once", () => {
    const r = new MarketRegistry();
    const key = polymarketMarketKey(C, true);
    expect(r.market(key)).toBeUndefined();
    r.add(info);
    expect([r.tokenOf(C, "yes"), r.tokenOf(C, "no"), r.tokenOf(key, "yes"), r.tokenOf(key, "no")]).toEqual(["111", "222", "222", "111"]);
    expect(r.market(key)).toMatchObject({ conditionId: key, negRisk: false, minOrderHundredths: 500 });
    expect(r.token("222")).toEqual({ market: C, outcome: "no" });
    r.setTick("111", 10);
    expect([r.market(C)?.tick, r.market(key)?.tick]).toEqual(["0.001", "0.001"]);
    expect(r.conditionIds()).toEqual([C]);
  });
});
