import { describe, expect, it } from "vitest";
import { type Sim, loadScenarioFile, startSim } from "../src/index.js";
import { type Trader, WsClient, authHeaders, newTrader } from "./helpers.js";

const wsHeaders = (t: Trader, now: number) => authHeaders(t, "GET", "/trade-api/ws/v2", now);

/** Runs the arb-injection scenario for 20 s of driven time with one WS client watching two markets. */
async function run(seed: number): Promise<string> {
  let now = 1_800_000_000_000;
  const sim: Sim = await startSim({ scenario: loadScenarioFile(new URL("../scenarios/arb-injection.json", import.meta.url).pathname), seed, clock: () => now });
  try {
    const trader = newTrader(sim);
    const tickers = sim.control
      .markets()
      .games.flatMap((g) => g.kalshi.markets.map((m) => m.ticker))
      .slice(0, 2);
    const c = await WsClient.connect(sim, trader, wsHeaders(trader, now));
    c.send({ id: 1, cmd: "subscribe", params: { channels: ["orderbook_delta", "ticker"], market_tickers: tickers } });
    await c.next((f) => f.type === "orderbook_snapshot" && f.msg.market_ticker === tickers[1]);
    for (let i = 0; i < 20; i++) {
      now += 1000;
      sim.control.markets();
    }
    c.close();
    return sim.control
      .events()
      .filter((e) => e.kind !== "ws.closed")
      .map((e) => JSON.stringify(e))
      .join("\n");
  } finally {
    await sim.close();
  }
}

describe("determinism", () => {
  it("the same seed and driven clock write the same event log byte for byte; another seed does not", async () => {
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.split("\n").length).toBeGreaterThan(100);
    expect(a).toContain('"kind":"arb.window-opened"');
    expect(a).toContain('"kind":"arb.window-closed"');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});
