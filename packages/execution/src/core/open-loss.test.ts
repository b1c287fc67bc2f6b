import { describe, expect, it } from "vitest";
import { ExecutionConfig, PairSpec } from "../config.js";
import { type Command, stepContext } from "./state.js";
import { createExecState, step } from "./dispatch.js";

const T0 = 1_780_000_000_000;
const spec = PairSpec.parse({ pair: 0, eventId: "EV", kalshiMarket: "EV-A", polymarketMarket: "0xc" });
const emitted = (cs: Command[], kind: string) => cs.flatMap((c) => (c.kind === "event.emit" && c.event.kind === kind ? [c.event] : []));

describe("losses of open exposure count toward the daily loss limit", () => {
  it("an exposed leg marked at its bid trips the breaker when the loss crosses the limit, before anything settles", () => {
    const books = new Map<string, number[]>([
      ["kalshi:EV-A:yes", [4500, 1_000]],
      ["polymarket:0xc:no", [4500, 1_000]],
    ]);
    const ctx = stepContext(
      ExecutionConfig.parse({ risk: { minFillProbabilityPpm: 0, allowAfterGameStart: true }, breaker: { maxDailyLossMicros: 2_000_000 } }),
      new Map([[0, spec]]),
      (venue, market, outcome) => books.get(`${venue}:${market}:${outcome}`) ?? [],
      () => ({ tsMs: T0, stale: false }),
      () => true,
    );
    const state = createExecState("l", T0);
    const orders = step(state, { kind: "opportunity.detected", pair: 0, type: "kalshi_yes_poly_no" }, ctx, T0).flatMap((c) =>
      c.kind === "order.place" ? [c.intent] : [],
    );
    const [k, p] = orders;
    if (k === undefined || p === undefined) throw new Error("no orders");
    // The Kalshi YES leg fills, the Polymarket NO leg is refused, and both books empty: 10 YES held, nothing to do.
    books.clear();
    step(
      state,
      {
        kind: "fill.observed",
        venue: "kalshi",
        fill: {
          fillId: "f1",
          orderId: "K1",
          clientOrderId: k.clientOrderId,
          market: "EV-A",
          outcome: "yes",
          yesPriceUnits: 4500,
          sizeHundredths: 1_000,
          isTaker: true,
          feeMicros: 180_000,
        },
      },
      ctx,
      T0,
    );
    step(
      state,
      {
        kind: "order.answered",
        clientOrderId: k.clientOrderId,
        result: { ok: true, value: { orderId: "K1", clientOrderId: k.clientOrderId, filledHundredths: 1_000, remainingHundredths: 0, tsMs: T0 } },
      },
      ctx,
      T0,
    );
    step(
      state,
      {
        kind: "order.answered",
        clientOrderId: p.clientOrderId,
        result: { ok: false, error: { venue: "polymarket", code: "X", outcome: "rejected", message: "" } },
      },
      ctx,
      T0,
    );
    expect(state.exposed.size).toBe(1);

    // The YES bid is 0.40 ($1 − a 0.60 NO ask): 10 × (0.468 − 0.40) = $0.68 open loss, under the $2 limit.
    books.set("kalshi:EV-A:no", [6000, 1_000]);
    expect(emitted(step(state, { kind: "clock.ticked" }, ctx, T0 + 1_000), "breaker.tripped")).toEqual([]);
    expect(state.breaker.openLossMicros).toBe(680_000);
    // The bid falls to 0.20: $2.68 open, over the limit: no new entries, before any game has settled.
    books.set("kalshi:EV-A:no", [8000, 1_000]);
    expect(emitted(step(state, { kind: "clock.ticked" }, ctx, T0 + 2_000), "breaker.tripped")).toEqual([expect.objectContaining({ reason: "DAILY_LOSS" })]);
  });
});
