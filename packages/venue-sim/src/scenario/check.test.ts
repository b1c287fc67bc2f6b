import { describe, expect, it } from "vitest";
import { type TimelineWorld, checkTimeline } from "./check.js";
import { parseScenario } from "./load.js";

/** Two games: A (ends 60 s in) with markets A1, A2 sharing Polymarket market PA; B (ends 1 h in) likewise. */
const WORLD: TimelineWorld = {
  kalshi: [
    { ticker: "A1", endMs: 60_000 },
    { ticker: "A2", endMs: 60_000 },
    { ticker: "B1", endMs: 3_600_000 },
    { ticker: "B2", endMs: 3_600_000 },
  ],
  polymarket: [
    { conditionId: "PA", endMs: 60_000 },
    { conditionId: "PB", endMs: 3_600_000 },
  ],
  pairs: [
    { ticker: "A1", conditionId: "PA", trap: false },
    { ticker: "A2", conditionId: "PA", trap: false },
    { ticker: "B1", conditionId: "PB", trap: true },
    { ticker: "B2", conditionId: "PB", trap: false },
  ],
  eventTickers: new Set(["EA", "EB"]),
};
const cross = (atMs: number, durationMs: number, ticker?: string) => ({
  kind: "arb.inject",
  arb: "kalshi_yes_poly_no",
  atMs,
  edgeBps: 100,
  sizeHundredths: 100,
  durationMs,
  ...(ticker === undefined ? {} : { ticker }),
});
const check = (timeline: unknown[]): string[] => checkTimeline(parseScenario({ name: "c", seed: 1, tickMs: 250, games: { count: 2 }, timeline }), WORLD);

describe("checking a timeline against the generated world", () => {
  it("passes windows that follow each other on the tick grid, named or not", () => {
    // 800 ms from 1000 closes at the 2000 ms tick; the next may open at 2250. The unnamed one skips the trap B1.
    expect(check([cross(1000, 800, "A1"), cross(2250, 800, "A2"), cross(1000, 800), cross(5000, 100, "B1")])).toEqual([]);
  });

  it("names the entry whose window would share a book with one still open, even at the tick the other closes", () => {
    expect(check([cross(1000, 800, "A1"), cross(2000, 800, "A2")])).toEqual([
      "timeline.1 (arb.inject at 2000 ms): overlaps timeline.0 on polymarket:PA, open until 2000 ms",
    ]);
  });

  it("names unknown, twinless and closed markets, and unnamed windows with nothing free left", () => {
    expect(
      check([
        cross(0, 100, "NOPE"),
        { kind: "arb.inject", arb: "kalshi_same_market", atMs: 0, ticker: "A1", edgeBps: 1, sizeHundredths: 1, durationMs: 1 },
        cross(70_000, 100, "A1"),
        cross(80_000, 10_000),
        cross(80_000, 10_000),
        { kind: "arb.inject", arb: "poly_same_market", atMs: 100_000, conditionId: "PX", edgeBps: 1, sizeHundredths: 1, durationMs: 1 },
        { kind: "event-fee.set", atMs: 0, eventTicker: "EZ", feeType: null, multiplier: null },
      ]),
    ).toEqual([
      "timeline.0 (arb.inject at 0 ms): no Kalshi market NOPE",
      "timeline.6 (event-fee.set at 0 ms): no Kalshi event EZ",
      "timeline.2 (arb.inject at 70000 ms): the pair of A1 has closed by then",
      "timeline.4 (arb.inject at 80000 ms): no free Kalshi/Polymarket pair to open it on",
      "timeline.5 (arb.inject at 100000 ms): no Polymarket market PX",
    ]);
    expect(checkTimeline(parseScenario({ name: "c", seed: 1, timeline: [cross(0, 1, "A1")] }), { ...WORLD, pairs: WORLD.pairs.slice(1) })).toEqual([
      "timeline.0 (arb.inject at 0 ms): Kalshi market A1 has no Polymarket twin",
    ]);
  });
});
