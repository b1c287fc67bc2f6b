import { describe, expect, it } from "vitest";
import { ExecutionConfig, PairSpec } from "../config.js";
import { type Command, stepContext } from "./state.js";
import { createExecState, step } from "./dispatch.js";

const T0 = 1_780_000_000_000;
const spec = PairSpec.parse({ pair: 0, eventId: "EV", kalshiMarket: "EV-A", polymarketMarket: "0xc" });
const books = new Map<string, number[]>([
  ["kalshi:EV-A:yes", [4500, 1_000]],
  ["polymarket:0xc:no", [4500, 1_000]],
]);
const ctx = stepContext(
  ExecutionConfig.parse({ risk: { minFillProbabilityPpm: 0, allowAfterGameStart: true } }),
  new Map([[0, spec]]),
  (venue, market, outcome) => books.get(`${venue}:${market}:${outcome}`) ?? [],
  () => ({ tsMs: T0, stale: false }),
  () => true,
);
const kinds = (cs: Command[]) => cs.flatMap((c) => (c.kind === "event.emit" ? [c.event.kind] : c.kind === "order.place" ? ["order.place"] : []));

describe("a fill the venue takes back", () => {
  it("leaves no arb waiting for it: the venue's own filled count still includes it, the arb is resolved again", () => {
    const state = createExecState("r", T0);
    const [k, p] = step(state, { kind: "opportunity.detected", pair: 0, type: "kalshi_yes_poly_no" }, ctx, T0).flatMap((c) =>
      c.kind === "order.place" ? [c.intent] : [],
    );
    if (k === undefined || p === undefined) throw new Error("no orders");
    const fill = (id: string, cid: string, market: string, outcome: "yes" | "no") =>
      ({
        fillId: id,
        orderId: `V-${cid}`,
        clientOrderId: cid,
        market,
        outcome,
        yesPriceUnits: outcome === "yes" ? 4500 : 5500,
        sizeHundredths: 1_000,
        isTaker: true,
        feeMicros: 0,
      }) as const;
    const observed = (venue: "kalshi" | "polymarket", cid: string, market: string, outcome: "yes" | "no") =>
      ({
        kind: "order.observed",
        venue,
        order: {
          orderId: `V-${cid}`,
          clientOrderId: cid,
          market,
          outcome,
          status: "executed",
          yesPriceUnits: 4500,
          initialHundredths: 1_000,
          filledHundredths: 1_000,
          remainingHundredths: 0,
        },
      }) as const;
    step(state, { kind: "fill.observed", venue: "kalshi", fill: fill("k1", k.clientOrderId, "EV-A", "yes") }, ctx, T0);
    step(state, observed("kalshi", k.clientOrderId, "EV-A", "yes"), ctx, T0);
    const closing = step(state, { kind: "fill.observed", venue: "polymarket", fill: fill("p1", p.clientOrderId, "0xc", "no") }, ctx, T0);
    expect(kinds(closing.concat(step(state, observed("polymarket", p.clientOrderId, "0xc", "no"), ctx, T0)))).toContain("arb.closed");
    // The Polymarket trade fails on chain: taken back. The venue's order still says 10 matched.
    const back = step(state, { kind: "fill.reversed", venue: "polymarket", fill: fill("p1", p.clientOrderId, "0xc", "no") }, ctx, T0 + 1);
    expect(kinds(back)).toContain("fill.reversed");
    const again = step(state, observed("polymarket", p.clientOrderId, "0xc", "no"), ctx, T0 + 2);
    // Resolved again at once (the excess YES hedged on Polymarket), not waiting for the venue's count to be booked.
    expect(kinds(back).concat(kinds(again))).toContain("exposure.resolving");
    const hedge = [...back, ...again].flatMap((c) => (c.kind === "order.place" ? [c.intent] : []))[0];
    expect(hedge?.market).toBe("0xc");
    // The hedge is refused (a 429): the arb is left watched, not waiting on the entry's taken-back fill, and is
    // hedged again when its book moves.
    if (hedge === undefined) throw new Error("no hedge");
    const refused = step(
      state,
      {
        kind: "order.answered",
        clientOrderId: hedge.clientOrderId,
        result: { ok: false, error: { venue: "polymarket", code: "POLYMARKET_RATE_LIMITED", outcome: "rejected", message: "429" } },
      },
      ctx,
      T0 + 3,
    );
    const residual = refused.flatMap((c) => (c.kind === "event.emit" && c.event.kind === "exposure.residual" ? [c.event] : []));
    expect(residual).toMatchObject([{ final: false, excessHundredths: 1_000 }]);
    const later = T0 + 3 + ctx.config.execution.claimHoldMs;
    expect(kinds(step(state, { kind: "book.changed", venue: "polymarket", market: "0xc" }, ctx, later))).toContain("exposure.resolving");
  });

  it("a fill of zero contracts is not booked (it would make the real fill of its trade a duplicate)", () => {
    const state = createExecState("z", T0);
    const [k] = step(state, { kind: "opportunity.detected", pair: 0, type: "kalshi_yes_poly_no" }, ctx, T0).flatMap((c) =>
      c.kind === "order.place" ? [c.intent] : [],
    );
    if (k === undefined) throw new Error("no orders");
    const f = {
      fillId: "t1",
      orderId: "K1",
      clientOrderId: k.clientOrderId,
      market: "EV-A",
      outcome: "yes" as const,
      yesPriceUnits: 4500,
      isTaker: true,
      feeMicros: 0,
    };
    expect(step(state, { kind: "fill.observed", venue: "kalshi", fill: { ...f, sizeHundredths: 0 } }, ctx, T0)).toEqual([]);
    expect(kinds(step(state, { kind: "fill.observed", venue: "kalshi", fill: { ...f, sizeHundredths: 1_000 } }, ctx, T0))).toContain("fill.booked");
  });
});
