import { describe, expect, it } from "vitest";
import { MarketRegistry, bindPolymarketPair, parsePolymarketMarketKey, polymarketMarketKey } from "./markets.js";
import { PolyClobMarket } from "./wire.js";

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

describe("binding a pair to its market", () => {
  // GET /clob-markets/{conditionId} as venues.md §2.1 lists its fields: two teams, fee details, a minimum order.
  const wire = {
    c: C,
    t: [
      { t: "111", o: "Lakers" },
      { t: "222", o: "Spurs" },
    ],
    mts: 0.01,
    nr: false,
    fd: { r: 0.03, e: 1 },
    mos: 5,
  };
  const market = PolyClobMarket.parse(wire);

  it("binds the market's own order under the condition id and the swapped order under the inverted key", () => {
    expect(bindPolymarketPair(market, { conditionId: C, yesTokenId: "111", noTokenId: "222" })).toEqual({
      ok: true,
      value: { market: C, inverted: false, feeRatePpm: 30_000, feeExponent: 1, minOrderHundredths: 500 },
    });
    const swapped = bindPolymarketPair(market, { conditionId: C, yesTokenId: "222", noTokenId: "111" });
    expect(swapped).toMatchObject({ ok: true, value: { market: polymarketMarketKey(C, true), inverted: true } });
  });

  it("refuses tokens that are not the market's, and a market it cannot read", () => {
    expect(bindPolymarketPair(market, { conditionId: C, yesTokenId: "111", noTokenId: "333" })).toMatchObject({ ok: false, why: "tokens_mismatch" });
    expect(bindPolymarketPair(market, { conditionId: C, yesTokenId: "111", noTokenId: "111" })).toMatchObject({ ok: false, why: "tokens_mismatch" });
    const oneToken = PolyClobMarket.parse({
      ...wire,
      t: [
        { t: "111", o: "Yes" },
        { t: "111", o: "No" },
      ],
    });
    expect(bindPolymarketPair(oneToken, { conditionId: C, yesTokenId: "111", noTokenId: "222" })).toMatchObject({ ok: false, why: "market_unavailable" });
  });

  it("takes no fee without fee details and exponent 1 when the venue leaves it out", () => {
    const { fd: _fd, mos: _mos, ...bare } = wire;
    expect(bindPolymarketPair(PolyClobMarket.parse(bare), { conditionId: C, yesTokenId: "111", noTokenId: "222" })).toEqual({
      ok: true,
      value: { market: C, inverted: false, feeRatePpm: 0, feeExponent: 1 },
    });
    expect(bindPolymarketPair(PolyClobMarket.parse({ ...wire, fd: { r: 0.03 } }), { conditionId: C, yesTokenId: "111", noTokenId: "222" })).toMatchObject({
      value: { feeRatePpm: 30_000, feeExponent: 1 },
    });
  });
});
