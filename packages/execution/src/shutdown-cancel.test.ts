import { describe, expect, it } from "vitest";
import { ExecutionConfig, PairSpec } from "./config.js";
import { type Command, stepContext } from "./state.js";
import { createExecState, step } from "./step.js";

const T0 = 1_780_000_000_000;
const ctx = stepContext(
  ExecutionConfig.parse({ risk: { minFillProbabilityPpm: 0 } }),
  new Map([[0, PairSpec.parse({ pair: 0, eventId: "game", polymarketMarket: "0xcond" })]]),
  (_v, _m, outcome) => (outcome === "yes" ? [4400, 1000] : [4200, 1000]),
  () => ({ tsMs: T0, stale: false }),
  () => true,
);

const placed = (cs: Command[]) => cs.flatMap((c) => (c.kind === "order.place" ? [c.intent] : []));

describe("orders.cancel-requested (a shutdown)", () => {
  it("cancels every working order the venue can name, once, with the request and its answer in the ledger", () => {
    const state = createExecState("s", T0);
    const [a, b] = placed(step(state, { kind: "opportunity.detected", pair: 0, type: "poly_same_market" }, ctx, T0));
    if (a === undefined || b === undefined) throw new Error("no orders placed");
    step(state, { kind: "order.identified", clientOrderId: a.clientOrderId, venueOrderId: "0xaa" }, ctx, T0 + 1);

    const cancels = step(state, { kind: "orders.cancel-requested" }, ctx, T0 + 2);
    // Only the order with a venue id can be named; the other is left to its timer and the next start's reconcile.
    expect(cancels.filter((c) => c.kind === "order.cancel")).toEqual([{ kind: "order.cancel", venue: "polymarket", clientOrderId: a.clientOrderId, venueOrderId: "0xaa" }]);
    expect(cancels).toContainEqual({ kind: "ledger.write", write: { kind: "order", row: expect.objectContaining({ clientOrderId: a.clientOrderId, cancelRequested: true }) } });
    expect(step(state, { kind: "orders.cancel-requested" }, ctx, T0 + 3).filter((c) => c.kind === "order.cancel")).toEqual([]);

    const answered = step(state, { kind: "cancel.answered", clientOrderId: a.clientOrderId, result: { ok: true, value: { orderId: "0xaa", reducedByHundredths: a.sizeHundredths, tsMs: T0 + 4 } } }, ctx, T0 + 4);
    expect(state.orders.get(a.clientOrderId)?.status).toBe("cancelled");
    expect(answered).toContainEqual({ kind: "ledger.write", write: expect.objectContaining({ kind: "order-event", clientOrderId: a.clientOrderId, to: "cancelled" }) });
  });
});
