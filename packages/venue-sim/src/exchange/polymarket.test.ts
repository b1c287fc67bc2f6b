import { polymarketOrderFeeMicros, polymarketSchedule } from "@arb/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createIdSource } from "../runtime/ids.js";
import { type PolyEvent, type PolyOrderRequest, createPolymarketExchange } from "./polymarket.js";

const M = "0xmarket";
const YES = "111";
const NO = "222";

function setup() {
  const ex = createPolymarketExchange(createIdSource(1));
  ex.addMarket({ conditionId: M, tokenIds: [YES, NO], tickUnits: 100, minOrderHundredths: 500, takerRatePpm: 50_000, feeExponent: 1, negRisk: false });
  ex.addAccount("a", 100_000_000);
  ex.addAccount("b", 100_000_000);
  let n = 0;
  const order = (
    accountId: string,
    tokenIndex: 0 | 1,
    side: "BUY" | "SELL",
    priceUnits: number,
    sizeHundredths: number,
    orderType: PolyOrderRequest["orderType"] = "GTC",
  ): PolyOrderRequest => ({
    orderId: `o${++n}`,
    accountId,
    owner: `key-${accountId}`,
    conditionId: M,
    tokenIndex,
    side,
    priceUnits,
    sizeHundredths,
    orderType,
    postOnly: false,
    expirationSec: 0,
  });
  return { ex, order };
}

describe("Polymarket exchange", () => {
  it("mints on complementary buys: YES at p and NO at 1 − p cross; each token's book mirrors the other", () => {
    const { ex, order } = setup();
    ex.submit(order("a", 0, "BUY", 4000, 1000), 1);
    expect(ex.tokenBook(NO)).toEqual({ bids: [], asks: [[6000, 1000]] });
    const s = ex.submit(order("b", 1, "BUY", 6000, 1000, "FOK"), 2);
    expect(s.result).toMatchObject({ ok: true, order: { status: "MATCHED", matchedHundredths: 1000 } });
    const fee = polymarketOrderFeeMicros(1000, 6000, 50_000, 1);
    expect(ex.account("a")).toMatchObject({ balanceMicros: 100_000_000 - 4_000_000, feesPaidMicros: 0, tokens: new Map([[YES, 1000]]) });
    expect(ex.account("b")).toMatchObject({ balanceMicros: 100_000_000 - 6_000_000 - fee, feesPaidMicros: fee, tokens: new Map([[NO, 1000]]) });
  });

  it("merges complementary sells and transfers on same-token trades; a SELL needs the shares", () => {
    const { ex, order } = setup();
    ex.submit(order("a", 0, "BUY", 4000, 1000), 1);
    ex.submit(order("b", 1, "BUY", 6000, 1000, "FOK"), 2);
    expect(ex.submit(order("a", 0, "SELL", 5000, 2000), 3).result).toEqual({ ok: false, code: "not_enough_balance" });
    ex.submit(order("a", 0, "SELL", 5000, 1000), 3);
    const merge = ex.submit(order("b", 1, "SELL", 5000, 1000, "FAK"), 4);
    expect(merge.result).toMatchObject({ ok: true, trades: [{ takerPriceUnits: 5000, makerPriceUnits: 5000, sizeHundredths: 1000 }] });
    expect(ex.account("a")?.tokens.size).toBe(0);
    expect(ex.account("b")?.tokens.size).toBe(0);
  });

  it("FOK kills what it cannot fill whole, FAK keeps its partial fill; a held order with nothing to match is unmatched", () => {
    const { ex, order } = setup();
    ex.submit(order("a", 1, "BUY", 5000, 600), 1);
    expect(ex.submit(order("b", 0, "BUY", 5000, 1000, "FOK"), 2).result).toMatchObject({
      ok: true,
      order: { status: "CANCELED", matchedHundredths: 0 },
      trades: [],
    });
    expect(ex.submit(order("b", 0, "BUY", 5000, 1000, "FAK"), 3).result).toMatchObject({ ok: true, order: { status: "CANCELED", matchedHundredths: 600 } });
    const held = ex.hold(order("b", 0, "BUY", 5000, 1000, "FOK"), 4);
    expect(held.result).toMatchObject({ ok: true, order: { status: "DELAYED" } });
    const id = held.result.ok ? held.result.order.orderId : "";
    expect(ex.release(id, 5).result).toMatchObject({ ok: true, order: { status: "UNMATCHED" } });
  });

  it("keeps a user's finished orders queryable and drops the house's once they finish", () => {
    const { ex, order } = setup();
    ex.addAccount("house", 0, true);
    const resting = order("a", 0, "BUY", 3000, 1000);
    const houseAsk = order("house", 0, "SELL", 5000, 1000);
    const taker = order("b", 0, "BUY", 5000, 1000, "FOK");
    ex.submit(resting, 1);
    ex.submit(houseAsk, 1);
    ex.cancel(resting.orderId, 2);
    const s = ex.submit(taker, 3);
    expect(s.events).toContainEqual({
      kind: "order.changed",
      order: expect.objectContaining({ orderId: houseAsk.orderId, status: "MATCHED" }),
      cause: "matched",
    });
    expect(ex.order(resting.orderId)?.status).toBe("CANCELED");
    expect(ex.order(taker.orderId)?.status).toBe("MATCHED");
    expect(ex.ordersOf("a").map((o) => o.orderId)).toEqual([resting.orderId]);
    expect(ex.tradesOf("b")[0]).toMatchObject({ takerOrderId: taker.orderId, makerOrderId: houseAsk.orderId });
    expect(ex.order(houseAsk.orderId)).toBeUndefined();
    expect(ex.ordersOf("house")).toEqual([]);
  });

  it("closing a market cancels the working orders on both its tokens, then reports it closed; closed, it takes no order", () => {
    const { ex, order } = setup();
    const yesBid = order("a", 0, "BUY", 4000, 1000);
    const noBid = order("b", 1, "BUY", 5000, 1000);
    ex.submit(yesBid, 1);
    ex.submit(noBid, 1);
    const tell = (e: PolyEvent) => (e.kind === "order.changed" ? `${e.order.orderId} ${e.cause}` : e.kind);
    expect(ex.closeMarket(M, 2).events.map(tell)).toEqual([
      `${yesBid.orderId} canceled`,
      "book.changed",
      `${noBid.orderId} canceled`,
      "book.changed",
      "market.changed",
    ]);
    expect(ex.market(M)?.status).toBe("closed");
    expect(ex.submit(order("a", 0, "BUY", 4000, 1000), 3).result).toEqual({ ok: false, code: "market_closed" });
    expect(ex.closeMarket(M, 4).events).toEqual([]);
  });

  it("tells a market's taker fee schedule, and nothing for an unknown market", () => {
    const { ex } = setup();
    expect(ex.takerFees(M)).toEqual(polymarketSchedule(50_000, 1));
    expect(ex.takerFees("0xnone")).toBeUndefined();
  });

  it("expires a GTD order once its expiration has passed, and only then", () => {
    const { ex, order } = setup();
    const gtd = { ...order("a", 0, "BUY", 3000, 1000, "GTD"), expirationSec: 10 };
    const gtc = order("a", 0, "BUY", 3000, 1000);
    ex.submit(gtd, 1);
    ex.submit(gtc, 1);
    expect(ex.expire(9_999).events).toEqual([]);
    expect(ex.expire(10_000).events).toEqual([
      { kind: "order.changed", order: expect.objectContaining({ orderId: gtd.orderId, status: "CANCELED" }), cause: "canceled" },
      { kind: "book.changed", conditionId: M, side: "bid", priceUnits: 3000, deltaHundredths: -1000, tsMs: 10_000 },
    ]);
    expect(ex.order(gtc.orderId)?.status).toBe("LIVE");
    expect(ex.expire(20_000).events).toEqual([]);
  });

  it("charges takers shares × rate × p(1−p) floored to 5 dp, makers nothing, and a failed trade undoes itself exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 500, max: 10_000 }), fc.boolean(), (cents, size, takerYes) => {
        const { ex, order } = setup();
        const p = cents * 100;
        ex.submit(order("a", takerYes ? 1 : 0, "BUY", 10_000 - p, size), 1);
        const before = ex.account("b");
        const r = ex.submit(order("b", takerYes ? 0 : 1, "BUY", p, size, "FOK"), 2).result;
        if (!r.ok) throw new Error("rejected");
        const trade = r.trades[0];
        expect(trade?.takerFeeMicros).toBe(polymarketOrderFeeMicros(size, p, 50_000, 1));
        expect((trade?.takerFeeMicros ?? 1) % 10).toBe(0);
        expect(ex.account("b")?.balanceMicros).toBe(100_000_000 - p * size - (trade?.takerFeeMicros ?? 0));
        expect(ex.account("a")?.feesPaidMicros).toBe(0);
        ex.revertTrade(trade?.tradeId ?? "");
        expect(ex.account("b")).toEqual({ ...before, tokens: new Map() });
        expect(ex.account("a")).toMatchObject({ balanceMicros: 100_000_000, tokens: new Map() });
      }),
      { numRuns: 60 },
    );
  });
});
