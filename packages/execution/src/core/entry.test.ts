import { describe, expect, it } from "vitest";
import { ExecutionConfig, PairSpec } from "../config.js";
import { createExecState, step } from "./dispatch.js";
import { type Command, stepContext } from "./state.js";

const T0 = 1_780_000_000_000;
const spec = PairSpec.parse({ pair: 3, eventId: "EV", kalshiMarket: "EV-A", polymarketMarket: "0xc" });
const config = ExecutionConfig.parse({ risk: { minFillProbabilityPpm: 0, allowAfterGameStart: true } });
const ctxWith = (free: boolean, reads: number[]) =>
  stepContext(
    config,
    new Map([[3, spec]]),
    () => [4500, 1_000],
    () => ({ tsMs: T0, stale: false }),
    (pair) => {
      reads.push(pair);
      return free;
    },
  );
const actions = (cs: Command[]) => cs.flatMap((c) => (c.kind === "event.emit" ? [c.event.kind] : c.kind === "ledger.write" ? [] : [c.kind]));

describe("an entry's in-flight claim", () => {
  it("is read, not taken: a free pair yields a pair.claim command ahead of its orders", () => {
    const reads: number[] = [];
    const cs = step(createExecState("r", T0), { kind: "opportunity.detected", pair: 3, type: "kalshi_yes_poly_no" }, ctxWith(true, reads), T0);
    expect(reads).toEqual([3]);
    expect(cs.filter((c) => c.kind === "pair.claim")).toEqual([{ kind: "pair.claim", pair: 3, atMs: T0, entry: true }]);
    const a = actions(cs);
    expect(a.indexOf("pair.claim")).toBeLessThan(a.indexOf("order.place"));
    expect(a.filter((k) => k === "order.place")).toHaveLength(2);
  });

  it("a pair in flight is refused PAIR_IN_FLIGHT with nothing claimed and nothing sent", () => {
    const cs = step(createExecState("r", T0), { kind: "opportunity.detected", pair: 3, type: "kalshi_yes_poly_no" }, ctxWith(false, []), T0);
    expect(actions(cs)).toEqual(["opportunity.rejected"]);
    expect(cs.some((c) => c.kind === "event.emit" && c.event.kind === "opportunity.rejected" && c.event.reason === "PAIR_IN_FLIGHT")).toBe(true);
  });
});
