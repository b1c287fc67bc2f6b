import { describe, expect, it } from "vitest";
import type { OrderIntent } from "../ports.js";
import { createOrderBody, decodeFrame, orderAckFrom, outcomeOf } from "./parse.js";
import { KalshiCreateOrderV2Request } from "./wire.js";

const intent = (outcome: "yes" | "no", action: "buy" | "sell", priceUnits: number): OrderIntent => ({
  clientOrderId: "8c35ecb3-328f-4f52-8c7c-0f4b9862f8d1",
  market: "HIGHNY-24JAN01-T60",
  outcome,
  action,
  priceUnits,
  sizeHundredths: 1000,
  timeInForce: "fill_or_kill",
});

describe("createOrderBody (Create Order V2, quoted from the YES side)", () => {
  it.each([
    ["yes", "buy", 5600, "bid", "0.5600"],
    ["yes", "sell", 5600, "ask", "0.5600"],
    ["no", "buy", 4400, "ask", "0.5600"],
    ["no", "sell", 4400, "bid", "0.5600"],
    ["no", "buy", 1, "ask", "0.9999"],
  ] as const)("%s %s at %i → %s %s", (outcome, action, price, side, priceText) => {
    const body = createOrderBody(intent(outcome, action, price));
    expect(body).toMatchObject({ side, price: priceText, count: "10.00", time_in_force: "fill_or_kill", self_trade_prevention_type: "taker_at_cross" });
    expect(KalshiCreateOrderV2Request.safeParse(body).success).toBe(true);
  });

  it("refuses prices and sizes the venue cannot take", () => {
    expect(() => createOrderBody(intent("yes", "buy", 0))).toThrow(RangeError);
    expect(() => createOrderBody(intent("yes", "buy", 10_000))).toThrow(RangeError);
    expect(() => createOrderBody({ ...intent("yes", "buy", 5000), sizeHundredths: 0 })).toThrow(RangeError);
  });

  it("passes subaccount and self-trade prevention through", () => {
    expect(createOrderBody(intent("yes", "buy", 5000), { subaccount: 3, selfTradePrevention: "maker" })).toMatchObject({
      subaccount: 3,
      self_trade_prevention_type: "maker",
    });
  });
});

describe("order direction (order_direction.md)", () => {
  it("prefers outcome_side, then book_side, then the legacy action/side table", () => {
    expect(outcomeOf({ outcome_side: "no", book_side: "bid" })).toBe("no");
    expect(outcomeOf({ book_side: "ask" })).toBe("no");
    expect(outcomeOf({ book_side: "bid" })).toBe("yes");
    expect(outcomeOf({ action: "buy", side: "yes" })).toBe("yes");
    expect(outcomeOf({ action: "sell", side: "no" })).toBe("yes");
    expect(outcomeOf({ action: "buy", side: "no" })).toBe("no");
    expect(outcomeOf({ action: "sell", side: "yes" })).toBe("no");
    expect(outcomeOf({ is_yes: false })).toBe("no");
  });
});

describe("orderAckFrom", () => {
  const response = { order_id: "o1", fill_count: 1000, remaining_count: 0, average_fill_price: 560_000, average_fee_paid: 17_248, ts_ms: 5 };
  it("reports the average price of the intent's outcome", () => {
    expect(orderAckFrom(response, intent("yes", "buy", 5600))).toMatchObject({
      avgPriceMicros: 560_000,
      avgFeeMicros: 17_248,
      clientOrderId: "8c35ecb3-328f-4f52-8c7c-0f4b9862f8d1",
    });
    expect(orderAckFrom(response, intent("no", "buy", 4400)).avgPriceMicros).toBe(440_000);
  });
  it("leaves the average out when nothing filled", () => {
    const ack = orderAckFrom({ order_id: "o1", fill_count: 0, remaining_count: 1000, ts_ms: 5 }, intent("yes", "buy", 5600));
    expect("avgPriceMicros" in ack).toBe(false);
  });
});

describe("decodeFrame", () => {
  it("names why a frame was refused", () => {
    expect(decodeFrame([1])).toEqual({ ok: false, reason: "not_object" });
    expect(decodeFrame({ sid: 1 })).toEqual({ ok: false, reason: "no_type" });
    expect(decodeFrame({ type: "orderbook_delta_v9" })).toEqual({ ok: false, reason: "unknown_type" });
    expect(decodeFrame({ type: "toString" })).toEqual({ ok: false, reason: "unknown_type" });
    expect(decodeFrame({ type: "orderbook_snapshot", sid: 1, seq: 1, msg: { market_ticker: "A", yes_dollars_fp: [["1.5000", "1.00"]] } })).toEqual({
      ok: false,
      reason: "schema:orderbook_snapshot",
    });
  });
  it("defaults a missing book side to empty", () => {
    const r = decodeFrame({ type: "orderbook_snapshot", sid: 1, seq: 1, msg: { market_ticker: "A", no_dollars_fp: [["0.5600", "17.00"]] } });
    expect(r.ok && r.frame.type === "orderbook_snapshot" ? r.frame.msg : undefined).toEqual({
      market_ticker: "A",
      yes_dollars_fp: [],
      no_dollars_fp: [[5600, 1700]],
    });
  });
});
