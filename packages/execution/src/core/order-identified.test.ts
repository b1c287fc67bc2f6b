import { describe, expect, it } from "vitest";
import { ExecutionConfig, PairSpec } from "../config.js";
import { type Command, stepContext } from "./state.js";
import { createExecState, step } from "./dispatch.js";

const T0 = 1_780_000_000_000;
const ctx = stepContext(
  ExecutionConfig.parse({ risk: { minFillProbabilityPpm: 0 } }),
  new Map([[0, PairSpec.parse({ pair: 0, eventId: "game", polymarketMarket: "0xcond" })]]),
  (_v, _m, outcome) => (outcome === "yes" ? [4400, 1000] : [4200, 1000]),
  () => ({ tsMs: T0, stale: false }),
  () => true,
);

const placed = (cs: Command[]) => cs.flatMap((c) => (c.kind === "order.place" ? [c.intent] : []));

describe("order.identified: the venue id committed before the order is sent", () => {
  it("binds the id in one order-row write; a replacement takes it over; a lost order is looked up by it and expires when absent", () => {
    const state = createExecState("r", T0);
    const [a, b] = placed(step(state, { kind: "opportunity.detected", pair: 0, type: "poly_same_market" }, ctx, T0));
    if (a === undefined || b === undefined) throw new Error("no orders placed");

    const identified = step(state, { kind: "order.identified", clientOrderId: a.clientOrderId, venueOrderId: "0xaa" }, ctx, T0 + 1);
    expect(identified).toEqual([
      {
        kind: "ledger.write",
        write: { kind: "order", row: expect.objectContaining({ clientOrderId: a.clientOrderId, status: "sent", venueOrderId: "0xaa", updatedMs: T0 + 1 }) },
      },
    ]);
    expect(step(state, { kind: "order.identified", clientOrderId: a.clientOrderId, venueOrderId: "0xaa" }, ctx, T0 + 2)).toEqual([]);
    // Re-signed after an order-version mismatch: the refused id is gone, the new one names the order.
    step(state, { kind: "order.identified", clientOrderId: a.clientOrderId, venueOrderId: "0xbb" }, ctx, T0 + 3);
    expect(state.byVenueOrderId.has("polymarket:0xaa")).toBe(false);
    expect(state.byVenueOrderId.get("polymarket:0xbb")).toBe(a.clientOrderId);
    step(state, { kind: "order.identified", clientOrderId: b.clientOrderId, venueOrderId: "0xcc" }, ctx, T0 + 3);

    // A user-channel fill that names only the order id (another process's memory) finds the order without an answer.
    const fill = {
      fillId: "t1:0xbb",
      orderId: "0xbb",
      market: "0xcond",
      outcome: "yes" as const,
      yesPriceUnits: 4400,
      sizeHundredths: a.sizeHundredths,
      isTaker: true,
      feeMicros: 0,
    };
    step(state, { kind: "fill.observed", venue: "polymarket", fill }, ctx, T0 + 4);
    expect(state.orders.get(a.clientOrderId)).toMatchObject({ status: "filled", filledHundredths: a.sizeHundredths });

    // No answer for the other one: each timer looks it up by the committed id; absent twice, it never reached the venue.
    const arbId = state.orders.get(b.clientOrderId)?.arbId ?? "";
    for (let i = 1; i <= 2; i++) {
      const lookups = step(state, { kind: "timer.fired", arbId }, ctx, T0 + 1000 * i).filter((c) => c.kind === "order.lookup");
      expect(lookups).toEqual([{ kind: "order.lookup", venue: "polymarket", clientOrderId: b.clientOrderId, market: "0xcond", venueOrderId: "0xcc" }]);
      step(state, { kind: "order.looked-up", clientOrderId: b.clientOrderId, result: { ok: true, value: undefined } }, ctx, T0 + 1000 * i + 1);
    }
    expect(state.orders.get(b.clientOrderId)).toMatchObject({ status: "expired", errorCode: "NOT_AT_VENUE", venueOrderId: "0xcc" });
  });
});

describe("orders.cancel-requested (a shutdown)", () => {
  it("cancels every working order the venue can name, once, with the request and its answer in the ledger", () => {
    const state = createExecState("s", T0);
    const [a, b] = placed(step(state, { kind: "opportunity.detected", pair: 0, type: "poly_same_market" }, ctx, T0));
    if (a === undefined || b === undefined) throw new Error("no orders placed");
    step(state, { kind: "order.identified", clientOrderId: a.clientOrderId, venueOrderId: "0xaa" }, ctx, T0 + 1);

    const cancels = step(state, { kind: "orders.cancel-requested" }, ctx, T0 + 2);
    // Only the order with a venue id can be named; the other is left to its timer and the next start's reconcile.
    expect(cancels.filter((c) => c.kind === "order.cancel")).toEqual([
      { kind: "order.cancel", venue: "polymarket", clientOrderId: a.clientOrderId, venueOrderId: "0xaa" },
    ]);
    expect(cancels).toContainEqual({
      kind: "ledger.write",
      write: { kind: "order", row: expect.objectContaining({ clientOrderId: a.clientOrderId, cancelRequested: true }) },
    });
    expect(step(state, { kind: "orders.cancel-requested" }, ctx, T0 + 3).filter((c) => c.kind === "order.cancel")).toEqual([]);

    const answered = step(
      state,
      {
        kind: "cancel.answered",
        clientOrderId: a.clientOrderId,
        result: { ok: true, value: { orderId: "0xaa", reducedByHundredths: a.sizeHundredths, tsMs: T0 + 4 } },
      },
      ctx,
      T0 + 4,
    );
    expect(state.orders.get(a.clientOrderId)?.status).toBe("canceled");
    expect(answered).toContainEqual({
      kind: "ledger.write",
      write: expect.objectContaining({ kind: "order-event", clientOrderId: a.clientOrderId, to: "canceled" }),
    });
  });
});
