import { describe, expect, it } from "vitest";
import { ExecutionConfig, PairSpec } from "../config.js";
import { stepContext } from "../core/state.js";
import { DecisionWarmer } from "./warmup.js";

describe("decision-path warm-up", () => {
  it("decides on the live specs without reading live books or taking a live in-flight slot", () => {
    const pairs = new Map([
      [4, PairSpec.parse({ pair: 4, eventId: "e", kalshiMarket: "K-LAL", polymarketMarket: "0xabc" })],
      [5, PairSpec.parse({ pair: 5, eventId: "e", kalshiMarket: "K-BOS" })],
    ]);
    const touched: string[] = [];
    const live = stepContext(
      ExecutionConfig.parse({ risk: { persistMs: 250 } }),
      pairs,
      () => {
        touched.push("asks");
        return [];
      },
      (_v, _m) => {
        touched.push("freshness");
        return { tsMs: 0, stale: true };
      },
      () => {
        touched.push("inflight");
        return false;
      },
    );
    const before = JSON.stringify([...pairs.values()]);
    // Pair 4 trades all four types, pair 5 (Kalshi only) one; the 250 ms persistence window does not stop them.
    const warmer = new DecisionWarmer(live);
    expect(warmer.rounds(50, 1_700_000_000_000)).toBe(50 * (4 + 1));
    // One at a time (the keep-warm tick): the same turns, in order.
    expect(Array.from({ length: 8 }, () => warmer.once(1_700_000_000_001)).filter(Boolean)).toHaveLength(5);
    expect(touched).toEqual([]);
    expect(JSON.stringify([...pairs.values()])).toBe(before);
  });
});
