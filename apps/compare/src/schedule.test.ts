import type { MarketsView } from "@arb/venue-sim";
import { parseKalshiTicker } from "@arb/venues";
import { describe, expect, it } from "vitest";
import { EDGE_BUCKETS, bucketOf, planSchedule, raceTickers } from "./schedule.js";

const SPEC = { seed: 7, count: 20, durationMs: 800, gapMs: [400, 1000] as const, sizeHundredths: [2000, 50_000] as const, faultEvery: 5 };
const TICKERS = ["KXNBAGAME-X-AAA", "KXNBAGAME-X-BBB", "KXNHLGAME-Y-CCC", "KXNHLGAME-Y-DDD"];

describe("planSchedule", () => {
  it("is seeded: the same seed gives the same windows, another seed other sizes and gaps", () => {
    expect(planSchedule(SPEC, TICKERS)).toEqual(planSchedule(SPEC, TICKERS));
    expect(planSchedule({ ...SPEC, seed: 8 }, TICKERS)).not.toEqual(planSchedule(SPEC, TICKERS));
  });

  it("never overlaps windows, cycles the edge buckets, rotates games and keeps sizes in whole contracts in range", () => {
    const plan = planSchedule(SPEC, TICKERS);
    for (let i = 1; i < plan.length; i++) {
      const gap = (plan[i]?.atMs ?? 0) - ((plan[i - 1]?.atMs ?? 0) + SPEC.durationMs);
      expect(gap).toBeGreaterThanOrEqual(400);
      expect(gap).toBeLessThanOrEqual(1000);
      expect(parseKalshiTicker(plan[i]?.ticker ?? "").eventCode).not.toBe(parseKalshiTicker(plan[i - 1]?.ticker ?? "").eventCode);
    }
    for (const b of EDGE_BUCKETS) expect(plan.filter((w) => w.edgeBps === b)).toHaveLength(4);
    for (const w of plan) {
      expect(w.sizeHundredths % 100).toBe(0);
      expect(w.sizeHundredths).toBeGreaterThanOrEqual(2000);
      expect(w.sizeHundredths).toBeLessThanOrEqual(50_000);
      expect(w.kind).toBe("kalshi_yes_poly_no");
    }
    expect(new Set(plan.map((w) => w.ticker))).toEqual(new Set(TICKERS));
  });

  it("arms a fault on every n-th window, alternating a Polymarket reject and a Kalshi timeout", () => {
    const faults = planSchedule(SPEC, TICKERS).flatMap((w) => (w.fault === undefined ? [] : [[w.index, w.fault.venue, w.fault.mode]]));
    expect(faults).toEqual([
      [4, "polymarket", "reject"],
      [9, "kalshi", "timeout"],
      [14, "polymarket", "reject"],
      [19, "kalshi", "timeout"],
    ]);
    expect(planSchedule({ ...SPEC, faultEvery: 0 }, TICKERS).every((w) => w.fault === undefined)).toBe(true);
  });

  it("refuses a world with no two-team game", () => {
    expect(() => planSchedule(SPEC, [])).toThrow(/two-team/);
  });
});

describe("raceTickers and buckets", () => {
  it("takes two-team games with a twin, never traps or three-way games", () => {
    const twin = (trap = false) => ({ conditionId: "0x", yesTokenId: "1", noTokenId: "2", polarity: "same", trap });
    const markets = {
      games: [
        {
          polymarket: { trap: false },
          kalshi: {
            markets: [
              { ticker: "G1-A", polymarket: twin() },
              { ticker: "G1-B", polymarket: twin() },
            ],
          },
        },
        {
          polymarket: { trap: true },
          kalshi: {
            markets: [
              { ticker: "G2-A", polymarket: twin(true) },
              { ticker: "G2-B", polymarket: twin(true) },
            ],
          },
        },
        {
          polymarket: { trap: false },
          kalshi: {
            markets: [
              { ticker: "G3-A", polymarket: twin() },
              { ticker: "G3-B", polymarket: twin() },
              { ticker: "G3-TIE", polymarket: twin() },
            ],
          },
        },
      ],
    } as unknown as MarketsView;
    expect(raceTickers(markets)).toEqual(["G1-A", "G1-B"]);
  });

  it("files an edge under the largest bucket at or below it", () => {
    expect([75, 149, 150, 174, 999, 1000, 5000].map(bucketOf)).toEqual([75, 75, 150, 150, 600, 1000, 1000]);
  });
});
