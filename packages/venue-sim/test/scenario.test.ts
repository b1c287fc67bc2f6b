import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ArbWindow, type LogRecord, type Scenario, ScenarioError, loadScenarioFile, parseScenario, startSim } from "../src/index.js";
import { kalshi, newTrader } from "./helpers.js";
import { limit, newPolyTrader, postOrder } from "./polymarket-helpers.js";

const DIR = new URL("../scenarios/", import.meta.url).pathname;

describe("scenarios", () => {
  it.each(readdirSync(DIR).filter((f) => f.endsWith(".json")))("ships a valid %s", (file) => {
    expect(loadScenarioFile(DIR + file).name).toBe(file.replace(/\.json$/, ""));
  });

  it("a bad scenario fails at load naming every field path and what was expected", () => {
    const bad = {
      name: "",
      seed: -1,
      games: { count: 0, leagues: ["CRICKET"] },
      marketMakers: { minSizeHundredths: 900, maxSizeHundredths: 100 },
      timeline: [
        { kind: "arb.inject", atMs: 5, sizeHundredths: 100, durationMs: 10 },
        { kind: "meteor.strike", atMs: 1 },
      ],
    };
    let error: unknown;
    try {
      parseScenario(bad, "bad.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const issues = (error as ScenarioError).issues;
    const paths = issues.map((i) => i.slice(0, i.indexOf(":")));
    expect(paths).toEqual(
      expect.arrayContaining(["name", "seed", "games.count", "games.leagues.0", "marketMakers.minSizeHundredths", "timeline.0.edgeBps", "timeline.1.kind"]),
    );
    expect(issues.find((i) => i.startsWith("games.count"))).toMatch(/>=1|≥|too small/i);
    expect((error as ScenarioError).message).toContain("bad.json");
  });

  it("Polymarket and cross-venue fields are checked with their paths too", () => {
    const issues = (input: unknown): string[] => {
      try {
        parseScenario(input);
      } catch (e) {
        return (e as ScenarioError).issues.map((i) => i.slice(0, i.indexOf(":")));
      }
      return [];
    };
    expect(
      issues({
        name: "p",
        seed: 1,
        polymarket: { tickUnits: 3, trapGames: -1 },
        timeline: [{ kind: "arb.inject", atMs: 1, arb: "poly_no_kalshi_yes", edgeBps: 1, sizeHundredths: 1, durationMs: 1 }],
      }),
    ).toEqual(expect.arrayContaining(["polymarket.tickUnits", "polymarket.trapGames", "timeline.0.arb"]));
    expect(
      issues({
        name: "p",
        seed: 1,
        timeline: [
          { kind: "orders.fault", atMs: 1, venue: "kalshi", mode: "trade-failed" },
          { kind: "venue.pause", atMs: 1, venue: "polymarket", paused: true },
        ],
      }),
    ).toEqual(["timeline.0.mode", "timeline.1.venue"]);
  });

  it("an unreadable file names itself", () => {
    expect(() => loadScenarioFile(`${DIR}missing.json`)).toThrow(/missing\.json/);
  });

  it("refuses at load what no world could run: a market named the other venue's way, a fee override it cannot apply", () => {
    const issues = (timeline: unknown[]): string[] => {
      try {
        parseScenario({ name: "p", seed: 1, games: { count: 2 }, timeline });
      } catch (e) {
        return [...(e as ScenarioError).issues];
      }
      return [];
    };
    const inject = { kind: "arb.inject", atMs: 1, edgeBps: 1, sizeHundredths: 1, durationMs: 1 };
    expect(
      issues([
        { ...inject, arb: "poly_same_market", ticker: "K" },
        { ...inject, arb: "kalshi_yes_poly_no", conditionId: "0x1" },
      ]),
    ).toEqual([
      "timeline.0.ticker: a poly_same_market window names its market by conditionId",
      "timeline.1.conditionId: a kalshi_yes_poly_no window names its market by ticker",
    ]);
    const fee = { kind: "event-fee.set", atMs: 1 };
    expect(
      issues([
        { ...fee, game: 0, eventTicker: "E", feeType: null, multiplier: null },
        { ...fee, game: 2, feeType: "quadratic", multiplier: 1 },
        { ...fee, game: 0, feeType: "flat", multiplier: 1 },
        { ...fee, game: 0, feeType: "quadratic", multiplier: null },
        { ...fee, game: 0, feeType: "quadratic", multiplier: 11 },
      ]).map((i) => i.slice(0, i.indexOf(":"))),
    ).toEqual(["timeline.4.multiplier", "timeline.0.eventTicker", "timeline.1.game", "timeline.2.feeType", "timeline.3.multiplier"]);
  });
});

const START = 1_800_000_000_000;
const lastMs = (s: Scenario): number => Math.max(0, ...s.timeline.map((e) => e.atMs + (e.kind === "arb.inject" ? e.durationMs : 0)));

/** Plays a scenario on a driven clock, tick by tick, to two seconds past its last window; returns the event log. */
async function play(scenario: Scenario): Promise<readonly LogRecord[]> {
  let now = START;
  const sim = await startSim({ scenario, clock: () => now });
  try {
    for (let t = 0; t <= lastMs(scenario) + 2000; t += scenario.tickMs) {
      now += scenario.tickMs;
      sim.control.markets();
    }
    return sim.control.events();
  } finally {
    await sim.close();
  }
}
const of = (log: readonly LogRecord[], kind: string): LogRecord[] => log.filter((e) => e.kind === kind);
const windowOf = (e: LogRecord): ArbWindow => e["window"] as ArbWindow;

describe("playing the shipped scenarios", () => {
  it.each(readdirSync(DIR).filter((f) => f.endsWith(".json")))("%s: every entry fires, none is skipped, every window opens and closes", async (file) => {
    const scenario = loadScenarioFile(DIR + file);
    const log = await play(scenario);
    expect(of(log, "scenario.skipped")).toEqual([]);
    expect(of(log, "scenario.fired")).toHaveLength(scenario.timeline.length);
    const injected = scenario.timeline.filter((e) => e.kind === "arb.inject").length;
    expect(of(log, "arb.window-opened")).toHaveLength(injected);
    expect(of(log, "arb.window-closed")).toHaveLength(injected);
  });

  it("race-30: 30 cross-venue windows of both kinds over the 4 games, one at a time, each profitable to a perfect taker, one with a Polymarket fault armed", async () => {
    const scenario = loadScenarioFile(`${DIR}race-30.json`);
    const log = await play(scenario);
    const opened = of(log, "arb.window-opened").map(windowOf);
    const closedAt = new Map(of(log, "arb.window-closed").map((e) => [windowOf(e).windowId, e.simMs]));
    expect(opened).toHaveLength(30);
    expect(new Set(opened.map((w) => w.ticker.slice(0, w.ticker.lastIndexOf("-"))))).toHaveProperty("size", 4);
    expect(opened.filter((w) => w.kind === "kalshi_yes_poly_no")).toHaveLength(15);
    expect(opened.filter((w) => w.kind === "poly_yes_kalshi_no")).toHaveLength(15);
    opened.forEach((w, i) => {
      const asked = scenario.timeline.filter((e) => e.kind === "arb.inject")[i];
      expect(asked?.kind === "arb.inject" && w.edgeUnits >= asked.edgeBps && asked.edgeBps >= 75 && asked.edgeBps <= 1000).toBe(true);
      expect(w.sizeHundredths).toBeGreaterThanOrEqual(2000);
      expect(w.sizeHundredths).toBeLessThanOrEqual(50_000);
      expect(w.closesMs - w.openedMs).toBe(800);
      expect(w.theoreticalProfitMicros).toBeGreaterThan(0);
      for (const leg of w.legs) expect(leg.askUnits).toBeGreaterThan(0);
      // Closed before the next one opens.
      expect(closedAt.get(w.windowId)).toBeLessThan(opened[i + 1]?.openedMs ?? Number.POSITIVE_INFINITY);
    });
    const fault = of(log, "scenario.fired").find((e) => (e["event"] as { kind: string }).kind === "orders.fault");
    expect(opened.some((w) => fault !== undefined && w.openedMs <= fault.simMs && fault.simMs < (closedAt.get(w.windowId) ?? 0))).toBe(true);
  });

  it("race-30's fault fails one leg: in the armed window the Polymarket order is rejected while the Kalshi leg fills", async () => {
    const file = loadScenarioFile(`${DIR}race-30.json`);
    // The driven clock runs ahead of the wall clock the signatures carry.
    const scenario: Scenario = { ...file, kalshi: { ...file.kalshi, authSkewMs: 3_600_000 }, polymarket: { ...file.polymarket, authSkewSec: 3600 } };
    const START_WALL = Date.now();
    let now = START_WALL;
    const sim = await startSim({ scenario, clock: () => now });
    try {
      const alice = newTrader(sim);
      const bob = await newPolyTrader(sim);
      const armedAt = scenario.timeline.find((e) => e.kind === "orders.fault")?.atMs ?? 0;
      while (now - START_WALL < armedAt) {
        now += scenario.tickMs;
        sim.control.markets();
      }
      const w = windowOf(of(sim.control.events(), "arb.window-opened").at(-1) as LogRecord);
      expect(w.openedMs).toBe(START_WALL + armedAt);
      const k = w.legs.find((l) => l.venue === "kalshi");
      const p = w.legs.find((l) => l.venue === "polymarket");
      const yes = k?.outcome === "yes";
      const price = ((yes ? (k?.askUnits ?? 0) : 10_000 - (k?.askUnits ?? 0)) / 10_000).toFixed(4);
      const kalshiLeg = await kalshi(sim, alice, "POST", "/portfolio/events/orders", {
        ticker: k?.market,
        side: yes ? "bid" : "ask",
        count: "5",
        price,
        time_in_force: "immediate_or_cancel",
        self_trade_prevention_type: "taker_at_cross",
      });
      expect(kalshiLeg.json.fill_count).toBe("5.00");
      const polyLeg = await postOrder(sim, bob, { ...limit(p?.tokenId ?? "", "BUY", p?.askUnits ?? 0, 500), orderType: "FOK" });
      expect(polyLeg.status).toBe(400);
      expect(polyLeg.json.error).toMatch(/simulated reject/);
    } finally {
      await sim.close();
    }
  });
});

describe("a timeline the world cannot run", () => {
  const base = { name: "bad", seed: 1, startMs: 1795626000000, games: { count: 2, leagues: ["NBA"] }, marketMakers: { enabled: false } };
  const tickers = async (): Promise<string[]> => {
    const sim = await startSim({ scenario: parseScenario(base), clock: () => START });
    try {
      return sim.control.markets().games.flatMap((g) => g.kalshi.markets.map((m) => m.ticker));
    } finally {
      await sim.close();
    }
  };
  const cross = (atMs: number, ticker?: string) => ({
    kind: "arb.inject",
    arb: "poly_yes_kalshi_no",
    atMs,
    edgeBps: 100,
    sizeHundredths: 1000,
    durationMs: 2000,
    ...(ticker === undefined ? {} : { ticker }),
  });

  it("fails at load naming each entry: an unknown ticker, a window on a book another still holds", async () => {
    const [a, b] = await tickers();
    const start = startSim({
      scenario: parseScenario({ ...base, timeline: [cross(1000, a), cross(2000, b), cross(5000, "KXNBAGAME-26NOV25AAABBB-AAA")] }),
      clock: () => START,
    });
    await expect(start).rejects.toBeInstanceOf(ScenarioError);
    await expect(start).rejects.toMatchObject({
      issues: [
        expect.stringMatching(/^timeline\.1 \(arb\.inject at 2000 ms\): overlaps timeline\.0 on polymarket:0x[0-9a-f]+, open until 3000 ms$/),
        "timeline.2 (arb.inject at 5000 ms): no Kalshi market KXNBAGAME-26NOV25AAABBB-AAA",
      ],
    });
  });

  it("a timeline entry that fails at run time is logged and skipped; the clock keeps going and later entries still fire", async () => {
    const [a, , c] = await tickers();
    let now = START;
    const sim = await startSim({ scenario: parseScenario({ ...base, timeline: [cross(1000), cross(4000)] }), clock: () => now });
    try {
      // The control API takes both games' Polymarket markets until 2 s in: the first entry finds no free pair.
      sim.control.injectArb({ kind: "kalshi_yes_poly_no", ticker: a, edgeBps: 100, sizeHundredths: 1000, durationMs: 2000 });
      sim.control.injectArb({ kind: "kalshi_yes_poly_no", ticker: c, edgeBps: 100, sizeHundredths: 1000, durationMs: 2000 });
      for (let i = 0; i < 24; i++) {
        now += 250;
        expect(() => sim.control.markets()).not.toThrow();
      }
      const log = sim.control.events();
      expect(of(log, "scenario.skipped")).toEqual([
        expect.objectContaining({
          simMs: START + 1000,
          event: expect.objectContaining({ atMs: 1000 }),
          error: "no open Kalshi/Polymarket pair to inject into",
          skipped: 1,
        }),
      ]);
      expect(of(log, "arb.window-opened").map((e) => windowOf(e).openedMs)).toEqual([START, START, START + 4000]);
    } finally {
      await sim.close();
    }
  });
});
