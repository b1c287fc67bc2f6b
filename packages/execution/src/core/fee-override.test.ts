import { kalshiOrderCostMicros } from "@arb/domain";
import { describe, expect, it } from "vitest";
import { ExecutionConfig, PairSpec } from "../config.js";
import { type Command, stepContext } from "./state.js";
import { createExecState, step } from "./dispatch.js";

const T0 = 1_780_000_000_000;
const pairs = new Map([
  [0, PairSpec.parse({ pair: 0, eventId: "KXNBAGAME-26DEC06KCDAL", kalshiMarket: "KXNBAGAME-26DEC06KCDAL-KC", polymarketMarket: "0xcond" })],
]);
// Kalshi YES at 0.48 and Polymarket NO at 0.49: 3 ¢ of edge before Kalshi's fee (1.75 ¢ a contract at 0.07).
const ctx = stepContext(
  ExecutionConfig.parse({ risk: { minFillProbabilityPpm: 0, allowAfterGameStart: true, minEdgeBps: 0, minProfitMicros: 1 } }),
  pairs,
  (venue) => (venue === "kalshi" ? [4800, 1000] : [4900, 1000]),
  () => ({ tsMs: T0, stale: false }),
  () => true,
);
const started = (cs: Command[]) => cs.flatMap((c) => (c.kind === "event.emit" && c.event.kind === "arb.started" ? [c.event] : []));
const rejected = (cs: Command[]) => cs.flatMap((c) => (c.kind === "event.emit" && c.event.kind === "opportunity.rejected" ? [c.event.reason] : []));
const opportunity = { kind: "opportunity.detected", pair: 0, type: "kalshi_yes_poly_no" } as const;

describe("Kalshi event fee overrides (event_fee_update)", () => {
  it("size with the event's overridden rate, refuse a fee type that cannot be modelled, and return to the series rate when cleared", () => {
    const state = createExecState("f", T0);
    const base = started(step(state, opportunity, ctx, T0))[0];
    expect(base?.expectedProfitMicros).toBe(10 * 1_000_000 - kalshiOrderCostMicros(1000, 4800) - 4_900_000);

    // Three times the rate: 5.25 ¢ a contract eats the 3 ¢ edge.
    const fresh = createExecState("g", T0);
    step(fresh, { kind: "fees.changed", venue: "kalshi", eventId: "KXNBAGAME-26DEC06KCDAL", ratePpm: 210_000 }, ctx, T0);
    expect(rejected(step(fresh, opportunity, ctx, T0))).toEqual(["EDGE_TOO_SMALL"]);

    step(fresh, { kind: "fees.changed", venue: "kalshi", eventId: "KXNBAGAME-26DEC06KCDAL", ratePpm: undefined }, ctx, T0);
    expect(rejected(step(fresh, opportunity, ctx, T0))).toEqual(["FEE_UNKNOWN"]);

    step(fresh, { kind: "fees.changed", venue: "kalshi", eventId: "KXNBAGAME-26DEC06KCDAL", ratePpm: null }, ctx, T0);
    expect(started(step(fresh, opportunity, ctx, T0))[0]?.expectedProfitMicros).toBe(base?.expectedProfitMicros);
  });

  it("an override for another event changes nothing", () => {
    const state = createExecState("h", T0);
    step(state, { kind: "fees.changed", venue: "kalshi", eventId: "KXNBAGAME-26DEC07LALBOS", ratePpm: 1_000_000 }, ctx, T0);
    expect(started(step(state, opportunity, ctx, T0))).toHaveLength(1);
  });
});
