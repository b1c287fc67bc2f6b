import { describe, expect, it } from "vitest";
import { ExecutionConfig, PairSpec } from "../config.js";
import { stepContext } from "./state.js";
import { createExecState, step } from "./dispatch.js";

const T0 = 1_780_000_000_000;
const spec = PairSpec.parse({ pair: 0, eventId: "EV", kalshiMarket: "EV-A", polymarketMarket: "0xc" });

describe("an excess held on Polymarket", () => {
  it("is unwound by buying the market's other token (a complete set, as the ledger books it), never by a sale", () => {
    const books = new Map<string, number[]>([
      ["kalshi:EV-A:yes", [4500, 1_000]],
      ["polymarket:0xc:no", [4500, 1_000]],
    ]);
    const ctx = stepContext(
      ExecutionConfig.parse({ risk: { minFillProbabilityPpm: 0, allowAfterGameStart: true }, execution: { maxResolveLossMicros: 5_000_000 } }),
      new Map([[0, spec]]),
      (venue, market, outcome) => books.get(`${venue}:${market}:${outcome}`) ?? [],
      () => ({ tsMs: T0, stale: false }),
      () => true,
    );
    const state = createExecState("u", T0);
    const [k, p] = step(state, { kind: "opportunity.detected", pair: 0, type: "kalshi_yes_poly_no" }, ctx, T0).flatMap((c) =>
      c.kind === "order.place" ? [c.intent] : [],
    );
    if (k === undefined || p === undefined) throw new Error("no orders");
    // Kalshi's side is gone; Polymarket's YES token is offered at 54¢ (its NO bid at 46¢).
    books.set("kalshi:EV-A:yes", []);
    books.set("polymarket:0xc:yes", [5400, 1_000]);
    step(
      state,
      {
        kind: "fill.observed",
        venue: "polymarket",
        fill: {
          fillId: "p1",
          orderId: "P1",
          clientOrderId: p.clientOrderId,
          market: "0xc",
          outcome: "no",
          yesPriceUnits: 5500,
          sizeHundredths: 1_000,
          isTaker: true,
          feeMicros: 0,
        },
      },
      ctx,
      T0,
    );
    step(
      state,
      {
        kind: "order.observed",
        venue: "polymarket",
        order: {
          orderId: "P1",
          clientOrderId: p.clientOrderId,
          market: "0xc",
          outcome: "no",
          status: "executed",
          yesPriceUnits: 5500,
          initialHundredths: 1_000,
          filledHundredths: 1_000,
          remainingHundredths: 0,
        },
      },
      ctx,
      T0,
    );
    const refused = step(
      state,
      {
        kind: "order.answered",
        clientOrderId: k.clientOrderId,
        result: { ok: false, error: { venue: "kalshi", code: "KALSHI_REJECTED", outcome: "rejected", message: "no" } },
      },
      ctx,
      T0 + 1,
    );
    const resolving = refused.flatMap((c) => (c.kind === "event.emit" && c.event.kind === "exposure.resolving" ? [c.event] : []));
    expect(resolving).toMatchObject([{ how: "unwind", venue: "polymarket", sizeHundredths: 1_000, limitPriceUnits: 5400 }]);
    const order = refused.flatMap((c) => (c.kind === "order.place" ? [c.intent] : []));
    expect(order).toMatchObject([{ market: "0xc", action: "buy", outcome: "yes", priceUnits: 5400, sizeHundredths: 1_000 }]);
  });
});
