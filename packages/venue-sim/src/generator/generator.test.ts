import { ONE_DOLLAR_UNITS, kalshiSchedule, perContractFeeUnits, polymarketSchedule } from "@arb/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/load.js";
import { drawWinner, initialFair, outcomeFairUnits, stepFair } from "./fair-value.js";
import { MAX_GAMES } from "../scenario/schema.js";
import { dateCode, generateGames } from "./games.js";
import { listPolymarket } from "./polymarket-listing.js";
import { computeWindowProfitMicros, ladder, planLegQuote } from "./quotes.js";
import { createRng } from "./rng.js";

const scenario = parseScenario({ name: "g", seed: 5, startMs: Date.UTC(2026, 10, 25, 17), games: { count: 30 } });

describe("games", () => {
  it("lists venue-shaped tickers: series, event with date and teams, one market per team, a tie for soccer", () => {
    const games = generateGames(scenario, createRng(5), 0);
    expect(dateCode(Date.UTC(2026, 10, 25))).toBe("26NOV25");
    for (const g of games) {
      expect(g.eventTicker).toMatch(new RegExp(`^${g.seriesTicker}-\\d{2}[A-Z]{3}\\d{2}${g.away.code}${g.home.code}(G\\d+)?$`));
      expect(g.markets.map((m) => m.ticker).slice(0, 2)).toEqual([`${g.eventTicker}-${g.away.code}`, `${g.eventTicker}-${g.home.code}`]);
      expect(g.markets.some((m) => m.outcome === "TIE")).toBe(g.league === "EPL" || g.league === "MLS");
      expect(g.away.code).not.toBe(g.home.code);
    }
    expect(new Set(games.map((g) => g.eventTicker)).size).toBe(games.length);
    expect(new Set(games.map((g) => g.gameId)).size).toBe(games.length);
  });

  it("lists MAX_GAMES games (a 1 000-pair run) with unique tickers, game ids and Polymarket ids; one more is refused", () => {
    const big = parseScenario({ name: "big", seed: 3, startMs: Date.UTC(2026, 10, 25, 17), games: { count: MAX_GAMES } });
    const games = generateGames(big, createRng(3), 0);
    const listing = listPolymarket(games, big, 0);
    const tickers = games.flatMap((g) => g.markets.map((m) => m.ticker));
    expect(games).toHaveLength(MAX_GAMES);
    expect(new Set(tickers).size).toBe(tickers.length);
    expect(new Set(games.map((g) => g.gameId)).size).toBe(MAX_GAMES);
    expect(listing.pairs.map((p) => p.ticker)).toEqual(tickers);
    const conditions = listing.events.flatMap((e) => e.markets.map((m) => m.conditionId));
    expect(new Set(conditions).size).toBe(conditions.length);
    expect(() => parseScenario({ name: "over", seed: 3, games: { count: MAX_GAMES + 1 } })).toThrow(/games\.count/);
  });

  it("is a pure function of the seed", () => {
    expect(generateGames(scenario, createRng(5), 0)).toEqual(generateGames(scenario, createRng(5), 0));
    expect(generateGames(scenario, createRng(6), 0)).not.toEqual(generateGames(scenario, createRng(5), 0));
  });
});

describe("fair value and makers", () => {
  it("the outcome markets of a game sum to $1 (within rounding) as the value walks", () => {
    const rng = createRng(9);
    for (const g of generateGames(scenario, rng, 0)) {
      let f = initialFair(rng);
      for (let i = 0; i < 50; i++) f = stepFair(f, rng, 250, 300);
      const sum = [...outcomeFairUnits(g, f).values()].reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - ONE_DOLLAR_UNITS)).toBeLessThanOrEqual(2);
      expect(g.markets.map((m) => m.outcome)).toContain(drawWinner(g, f, rng));
    }
  });

  it("a ladder stays on the tick grid, inside (0, 1) and uncrossed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 9 }), (fair, levels) => {
        const l = ladder(fair, { levels, halfSpreadUnits: 100, tickUnits: 100, minSizeHundredths: 100, maxSizeHundredths: 500 }, createRng(fair));
        for (const p of [...l.bids.keys(), ...l.asks.keys()]) {
          expect(p % 100).toBe(0);
          expect(p).toBeGreaterThan(0);
          expect(p).toBeLessThan(ONE_DOLLAR_UNITS);
        }
        if (fair > 300 && fair < 9700) expect(Math.max(...l.bids.keys())).toBeLessThan(Math.min(...l.asks.keys()));
      }),
    );
  });

  it("an injected window's YES ask + NO ask + taker fees leaves at least the asked edge", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1500, max: 8500 }), fc.integer({ min: 1, max: 500 }), (fair, edge) => {
        const s = kalshiSchedule(70_000);
        const q = planLegQuote(fair, edge, { tickUnits: 100, fees: s }, { tickUnits: 100, fees: s });
        const net = ONE_DOLLAR_UNITS - q.yesAskUnits - q.noAskUnits - perContractFeeUnits(s, q.yesAskUnits) - perContractFeeUnits(s, q.noAskUnits);
        expect(net).toBe(q.edgeUnits);
        expect(q.edgeUnits).toBeGreaterThanOrEqual(edge);
        expect(q.edgeUnits).toBeLessThan(edge + 100 + 10);
      }),
    );
  });

  it("a window's theoretical profit: $1 a pair less both asks and each venue's exact order fee (hand-worked)", () => {
    // 10 contracts: Kalshi YES @ $0.50, fee 0.07 × 10 × 0.25 = $0.175 → $5.18 at retail (cent) precision, so $0.18;
    // Polymarket NO @ $0.45, fee 10 × 0.05 × 0.45 × 0.55 = $0.12375. $10 − $5.00 − $4.50 − $0.18 − $0.12375 = $0.19625.
    const legs = [
      { askUnits: 5000, fees: kalshiSchedule(70_000) },
      { askUnits: 4500, fees: polymarketSchedule(50_000, 1) },
    ] as const;
    expect(computeWindowProfitMicros(1000, legs)).toBe(196_250);
    // 7 contracts on one Kalshi market, YES @ $0.40 and NO @ $0.55: fees $0.1176 → $0.12 and $0.121275 → $0.13.
    // $7 − $2.80 − $3.85 − $0.12 − $0.13 = $0.10.
    expect(
      computeWindowProfitMicros(700, [
        { askUnits: 4000, fees: kalshiSchedule(70_000) },
        { askUnits: 5500, fees: kalshiSchedule(70_000) },
      ]),
    ).toBe(100_000);
  });
});
