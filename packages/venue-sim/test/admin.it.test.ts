import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sim } from "../src/index.js";
import { firstTicker, kalshi, newKeyPair, quietSim } from "./helpers.js";

describe("admin HTTP API", () => {
  let sim: Sim;
  let now = 1_800_000_000_000;
  beforeAll(async () => {
    sim = await quietSim({ clock: () => now });
  });
  afterAll(() => sim.close());

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(sim.urls.admin + path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
    const text = await res.text();
    return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
  };

  it("mirrors SimControl: accounts, markets, books, arb windows, account view, events", async () => {
    const keys = newKeyPair();
    const created = await admin("POST", "/kalshi/accounts", { publicKeyPem: keys.publicKeyPem, balanceMicros: 5_000_000 });
    expect(created.status).toBe(201);
    expect(created.json.keyId).toMatch(/^[0-9a-f]{8}-/);
    const markets = await admin("GET", "/markets");
    const game = markets.json.games[0];
    expect(game.kalshi.markets.map((m: { ticker: string }) => m.ticker)).toEqual([
      `${game.kalshi.eventTicker}-${game.away.code}`,
      `${game.kalshi.eventTicker}-${game.home.code}`,
    ]);
    const ticker = firstTicker(sim);
    expect((await admin("PUT", `/kalshi/books/${ticker}`, { yes: [[4000, 100]], no: [[5000, 100]] })).status).toBe(204);
    const arb = await admin("POST", "/arbs", { kind: "kalshi_same_market", ticker, edgeBps: 150, sizeHundredths: 700, durationMs: 1000 });
    expect(arb.status).toBe(201);
    const w = arb.json;
    expect(w.edgeUnits).toBeGreaterThanOrEqual(150);
    const book = await kalshi(sim, undefined, "GET", `/markets/${ticker}`);
    expect(book.json.market.yes_ask_dollars).toBe((w.yesAskUnits / 10_000).toFixed(4));
    expect(book.json.market.no_ask_dollars).toBe((w.noAskUnits / 10_000).toFixed(4));
    now += 1250;
    const after = await kalshi(sim, undefined, "GET", `/markets/${ticker}`);
    expect(after.json.market.yes_ask_dollars).toBe("0.5000");
    const events = await admin("GET", "/events");
    expect(events.json.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(["arb.window-opened", "arb.window-closed"]));
    const account = await admin("GET", `/accounts/${created.json.accountId}`);
    expect(account.json).toMatchObject({ balanceMicros: 5_000_000, positions: [], orders: [] });
    expect((await admin("GET", "/accounts/nobody")).status).toBe(404);
  });

  it("answers a bad body with 400 naming the field", async () => {
    const r = await admin("POST", "/arbs", { kind: "kalshi_same_market", edgeBps: -1, sizeHundredths: 1, durationMs: 1 });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/^edgeBps:/);
    expect((await admin("POST", "/arbs", { kind: "poly_same_market", conditionId: "0xnope", edgeBps: 1, sizeHundredths: 1, durationMs: 1 })).status).toBe(400);
    expect((await admin("PUT", "/venues/polymarket/pause", { paused: true })).status).toBe(400);
    expect((await admin("PUT", "/venues/kalshi/pause", { paused: "yes" })).status).toBe(400);
    expect((await admin("PUT", "/venues/kalshi/pause", { paused: true })).status).toBe(204);
    expect((await kalshi(sim, undefined, "GET", "/exchange/status")).json.trading_active).toBe(false);
  });
});
