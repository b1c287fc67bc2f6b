import { describe, expect, it } from "vitest";
import { createEventLog } from "../log/event-log.js";
import { parseScenario } from "../scenario/load.js";
import { createCore } from "./core.js";
import { POLY_HOUSE } from "./makers.js";

const KALSHI_HOUSE = "house-kalshi";

describe("core retention", () => {
  it("keeps only the makers' working orders however many requotes run", () => {
    let now = 1_800_000_000_000;
    const scenario = parseScenario({ name: "retention", seed: 3, tickMs: 250, games: { count: 3 }, marketMakers: { levels: 4, requoteMs: 250 } });
    const core = createCore(
      scenario,
      () => now,
      createEventLog(() => BigInt(now), undefined, 1),
    );
    const seen = { kalshi: new Set<string>(), polymarket: new Set<string>() };
    core.bus.subscribe((e) => {
      if (e.kind === "exchange.stepped")
        for (const x of e.events) if (x.kind === "order.changed" && x.order.accountId === KALSHI_HOUSE) seen.kalshi.add(x.order.orderId);
      if (e.kind === "polymarket.stepped")
        for (const x of e.events) if (x.kind === "order.changed" && x.order.accountId === POLY_HOUSE) seen.polymarket.add(x.order.orderId);
    });
    const stored = () => ({
      kalshi: [...seen.kalshi].filter((id) => core.kalshi.order(id) !== undefined).length,
      polymarket: [...seen.polymarket].filter((id) => core.polymarket.order(id) !== undefined).length,
    });
    // At most one working order per level and side of each book.
    const bound = {
      kalshi: core.kalshi.markets().length * 2 * scenario.marketMakers.levels,
      polymarket: core.polymarket.markets().length * 2 * scenario.marketMakers.levels,
    };
    for (let i = 0; i < 200; i++) {
      now += scenario.tickMs;
      core.advance();
    }
    const after = stored();
    expect(seen.kalshi.size).toBeGreaterThan(10 * bound.kalshi);
    expect(seen.polymarket.size).toBeGreaterThan(10 * bound.polymarket);
    expect(after.kalshi).toBeLessThanOrEqual(bound.kalshi);
    expect(after.polymarket).toBeLessThanOrEqual(bound.polymarket);
    expect(after.kalshi).toBe(core.kalshi.ordersOf(KALSHI_HOUSE).length);
    expect(after.polymarket).toBe(core.polymarket.ordersOf(POLY_HOUSE).length);
  });
});

describe("core steps", () => {
  it("a cross-venue window opens and closes as one step per venue, Kalshi's then Polymarket's, back to back in the same call", () => {
    let now = 1_800_000_000_000;
    const scenario = parseScenario({ name: "steps", seed: 3, tickMs: 250, games: { count: 2, leagues: ["NBA"] }, marketMakers: { enabled: false } });
    const core = createCore(
      scenario,
      () => now,
      createEventLog(() => BigInt(now), undefined, 1000),
    );
    core.advance();
    const seen: string[] = [];
    core.bus.subscribe((e) => seen.push(e.kind));
    const w = core.injectArb("poly_yes_kalshi_no", undefined, 150, 2000, 500);
    expect(seen).toEqual(["exchange.stepped", "polymarket.stepped", "arb.window-opened"]);
    seen.length = 0;
    now = w.closesMs;
    core.advance();
    expect(seen).toEqual(["exchange.stepped", "polymarket.stepped", "arb.window-closed"]);
  });
});

describe("core requotes", () => {
  it("spreads the makers' requotes over the ticks: each market once per requoteMs, a share of them per tick", () => {
    let now = 1_800_000_000_000;
    const scenario = parseScenario({ name: "spread", seed: 5, tickMs: 250, games: { count: 6 }, marketMakers: { requoteMs: 1000 } });
    const core = createCore(
      scenario,
      () => now,
      createEventLog(() => BigInt(now), undefined, 1),
    );
    core.advance();
    const perTick: Set<string>[] = [];
    let current = new Set<string>();
    core.bus.subscribe((e) => {
      if (e.kind === "exchange.stepped")
        for (const x of e.events) if (x.kind === "order.changed" && x.order.accountId === KALSHI_HOUSE) current.add(`k:${x.order.ticker}`);
      if (e.kind === "polymarket.stepped")
        for (const x of e.events) if (x.kind === "order.changed" && x.order.accountId === POLY_HOUSE) current.add(`p:${x.order.conditionId}`);
    });
    for (let i = 0; i < 40; i++) {
      now += scenario.tickMs;
      core.advance();
      perTick.push(current);
      current = new Set();
    }
    const slots = scenario.marketMakers.requoteMs / scenario.tickMs;
    const books = core.kalshi.markets().length + core.polymarket.markets().length;
    for (const tick of perTick)
      expect(tick.size).toBeLessThanOrEqual(Math.ceil(core.kalshi.markets().length / slots) + Math.ceil(core.polymarket.markets().length / slots));
    // Every book is requoted in every run of `slots` ticks, and only once.
    for (let i = 0; i + slots <= perTick.length; i += slots) {
      const run = perTick.slice(i, i + slots);
      expect(run.reduce((n, t) => n + t.size, 0)).toBe(books);
      expect(new Set(run.flatMap((t) => [...t])).size).toBe(books);
    }
  });
});
