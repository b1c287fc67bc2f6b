import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sim } from "../src/index.js";
import { LegacyWsFrame } from "./kalshi-ws-schemas.js";
import { type Trader, WsClient, firstTicker, kalshi, newTrader, quietSim } from "./helpers.js";

describe("legacy wire flavor (pre-2026 integer cents)", () => {
  let sim: Sim;
  let trader: Trader;
  let ticker: string;
  beforeAll(async () => {
    sim = await quietSim({ kalshiFlavor: "legacy" });
    trader = newTrader(sim);
    ticker = firstTicker(sim);
    sim.control.setKalshiBook(ticker, {
      yes: [
        [800, 30_000],
        [2200, 33_300],
      ],
      no: [[5400, 2000]],
    });
  });
  afterAll(() => sim.close());

  it("sends yes/no [[cents, qty]] snapshots, integer deltas, trades and fills", async () => {
    const c = await WsClient.connect(sim, trader);
    c.send({ id: 1, cmd: "subscribe", params: { channels: ["orderbook_delta", "trade", "fill", "ticker"], market_ticker: ticker } });
    const snap = await c.next((f) => f.type === "orderbook_snapshot");
    expect(snap.msg).toEqual({
      market_ticker: ticker,
      yes: [
        [8, 300],
        [22, 333],
      ],
      yes_dollars: [
        ["0.080", 300],
        ["0.220", 333],
      ],
      no: [[54, 20]],
      no_dollars: [["0.540", 20]],
    });
    await kalshi(sim, trader, "POST", "/portfolio/events/orders", {
      ticker,
      side: "ask",
      count: "3",
      price: "0.2200",
      time_in_force: "fill_or_kill",
      self_trade_prevention_type: "maker",
    });
    const delta = await c.next((f) => f.type === "orderbook_delta");
    expect(delta.msg).toEqual({ market_ticker: ticker, price: 22, price_dollars: "0.220", delta: -3, side: "yes" });
    expect((await c.next((f) => f.type === "fill")).msg).toMatchObject({ yes_price: 22, count: 3, side: "no", post_position: -3 });
    await c.next((f) => f.type === "trade");
    await c.next((f) => f.type === "ticker");
    for (const f of c.frames) expect(LegacyWsFrame.safeParse(f).error).toBeUndefined();
    c.close();
  });

  it("answers the REST orderbook in integer cents", async () => {
    const r = await kalshi(sim, undefined, "GET", `/markets/${ticker}/orderbook`);
    expect(r.json.orderbook.yes).toEqual([
      [8, 300],
      [22, 330],
    ]);
    expect(r.json.orderbook.no).toEqual([[54, 20]]);
  });
});
