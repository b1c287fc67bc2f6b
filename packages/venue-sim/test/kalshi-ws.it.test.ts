import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sim } from "../src/index.js";
import { KalshiWsFrame } from "./kalshi-ws-schemas.js";
import { type Trader, WsClient, authHeaders, firstTicker, kalshi, newTrader, quietSim, waitFor } from "./helpers.js";

describe("Kalshi WS v2 contract", () => {
  let sim: Sim;
  let alice: Trader;
  let ticker: string;
  let other: string;
  let markets: string[];
  beforeAll(async () => {
    sim = await quietSim({}, { kalshi: { wsPingMs: 100 } });
    alice = newTrader(sim);
    markets = sim.control.markets().games.flatMap((g) => g.kalshi.markets.map((m) => m.ticker));
    ticker = firstTicker(sim);
    other = markets[2] ?? "";
    sim.control.setKalshiBook(ticker, {
      yes: [
        [800, 30_000],
        [2200, 33_300],
      ],
      no: [
        [5400, 2000],
        [5600, 14_600],
      ],
    });
  });
  afterAll(() => sim.close());

  it("refuses the upgrade without a valid signature", async () => {
    await expect(WsClient.connect(sim, alice, {})).rejects.toThrow(/401/);
    await expect(WsClient.connect(sim, alice, authHeaders(alice, "GET", "/trade-api/ws/v2", Date.now() - 60_000))).rejects.toThrow(/401/);
  });

  it("subscribes to orderbook_delta: ack, snapshot, then deltas with seq +1 per message; every frame fits the fixture schemas", async () => {
    const c = await WsClient.connect(sim, alice);
    c.send({ id: 1, cmd: "subscribe", params: { channels: ["orderbook_delta"], market_ticker: ticker } });
    const ack = await c.next((f) => f.type === "subscribed");
    expect(ack).toEqual({ id: 1, type: "subscribed", msg: { channel: "orderbook_delta", sid: 1 } });
    const snap = await c.next((f) => f.type === "orderbook_snapshot");
    expect(snap).toMatchObject({
      sid: 1,
      seq: 1,
      msg: {
        market_ticker: ticker,
        yes_dollars_fp: [
          ["0.0800", "300.00"],
          ["0.2200", "333.00"],
        ],
        no_dollars_fp: [
          ["0.5400", "20.00"],
          ["0.5600", "146.00"],
        ],
      },
    });
    sim.control.setKalshiBook(ticker, {
      yes: [
        [800, 30_000],
        [2300, 1000],
      ],
      no: [
        [5400, 2000],
        [5600, 14_600],
      ],
    });
    const deltas = await waitFor(() => {
      const d = c.frames.filter((f) => f.type === "orderbook_delta");
      return d.length >= 2 ? d : undefined;
    });
    expect(deltas.map((d) => d.seq)).toEqual([2, 3]);
    expect(deltas.map((d) => [d.msg.side, d.msg.price_dollars, d.msg.delta_fp])).toEqual([
      ["yes", "0.2200", "-333.00"],
      ["yes", "0.2300", "10.00"],
    ]);
    for (const f of c.frames) expect(KalshiWsFrame.safeParse(f).error).toBeUndefined();
    c.close();
  });

  it("answers commands with the documented responses and error codes", async () => {
    const c = await WsClient.connect(sim, alice);
    const reply = async (cmd: unknown, id: number) => {
      c.send(cmd);
      return c.next((f) => f.id === id);
    };
    expect(await reply({ id: 1, cmd: "subscribe" }, 1)).toEqual({ id: 1, type: "error", msg: { code: 2, msg: "Params required" } });
    expect((await reply({ id: 2, cmd: "subscribe", params: {} }, 2)).msg.code).toBe(3);
    expect((await reply({ id: 3, cmd: "subscribe", params: { channels: ["nope"] } }, 3)).msg.code).toBe(8);
    expect((await reply({ id: 4, cmd: "subscribe", params: { channels: ["orderbook_delta"] } }, 4)).msg.code).toBe(14);
    expect((await reply({ id: 5, cmd: "subscribe", params: { channels: ["ticker"], market_ticker: "NOPE" } }, 5)).msg).toEqual({
      code: 16,
      msg: "Market not found",
      market_ticker: "NOPE",
    });
    expect((await reply({ id: 6, cmd: "frobnicate", params: {} }, 6)).msg.code).toBe(5);
    expect((await reply({ id: 7, cmd: "unsubscribe", params: { sids: [99] } }, 7)).msg.code).toBe(7);
    expect((await reply({ id: 8, cmd: "unsubscribe", params: {} }, 8)).msg.code).toBe(4);
    expect(await reply({ id: 9, cmd: "subscribe", params: { channels: ["orderbook_delta", "ticker"], market_tickers: [ticker] } }, 9)).toMatchObject({
      type: "subscribed",
    });
    expect(c.frames.filter((f) => f.id === 9).map((f) => f.msg.channel)).toEqual(["orderbook_delta", "ticker"]);
    expect((await reply({ id: 10, cmd: "subscribe", params: { channels: ["orderbook_delta"], market_tickers: [ticker] } }, 10)).msg.code).toBe(6);
    expect(await reply({ id: 11, cmd: "update_subscription", params: { sids: [1], market_tickers: [other], action: "add_markets" } }, 11)).toEqual({
      id: 11,
      sid: 1,
      seq: 1,
      type: "ok",
      msg: { market_tickers: [ticker, other] },
    });
    expect((await reply({ id: 12, cmd: "update_subscription", params: { sids: [1, 2], market_tickers: [other], action: "add_markets" } }, 12)).msg.code).toBe(
      12,
    );
    expect((await reply({ id: 13, cmd: "update_subscription", params: { sid: 1, market_tickers: [other] } }, 13)).msg.code).toBe(15);
    expect((await reply({ id: 14, cmd: "update_subscription", params: { sid: 1, market_tickers: [other], action: "replace" } }, 14)).msg.code).toBe(13);
    expect(await reply({ id: 15, cmd: "list_subscriptions" }, 15)).toEqual({
      id: 15,
      type: "ok",
      msg: [
        { channel: "orderbook_delta", sid: 1 },
        { channel: "ticker", sid: 2 },
      ],
    });
    expect(await reply({ id: 16, cmd: "unsubscribe", params: { sids: [2] } }, 16)).toEqual({ id: 16, sid: 2, seq: 0, type: "unsubscribed" });
    c.send("{not json");
    expect((await c.next((f) => f.type === "error" && f.id === undefined)).msg.code).toBe(1);
    c.close();
  });

  it("streams trade, ticker, fill, user_orders and market_positions when the account trades", async () => {
    const c = await WsClient.connect(sim, alice);
    c.send({
      id: 1,
      cmd: "subscribe",
      params: { channels: ["trade", "ticker", "fill", "user_orders", "market_positions", "orderbook_delta"], market_tickers: [ticker] },
    });
    await c.next((f) => f.type === "orderbook_snapshot");
    const r = await kalshi(sim, alice, "POST", "/portfolio/events/orders", {
      ticker,
      client_order_id: "ws-1",
      side: "ask",
      count: "5",
      price: "0.0800",
      time_in_force: "immediate_or_cancel",
      self_trade_prevention_type: "taker_at_cross",
    });
    expect(r.json.fill_count).toBe("5.00");
    const fill = await c.next((f) => f.type === "fill");
    // the best YES bid is $0.23 (set by the previous test): the ask trades there, at the maker's price
    expect(fill.msg).toMatchObject({
      order_id: r.json.order_id,
      outcome_side: "no",
      book_side: "ask",
      yes_price_dollars: "0.2300",
      count_fp: "5.00",
      is_taker: true,
      client_order_id: "ws-1",
      post_position_fp: "-5.00",
    });
    const trade = await c.next((f) => f.type === "trade");
    expect(trade.msg).toMatchObject({
      market_ticker: ticker,
      yes_price_dollars: "0.2300",
      no_price_dollars: "0.7700",
      count_fp: "5.00",
      taker_outcome_side: "no",
      taker_book_side: "ask",
    });
    const delta = await c.next((f) => f.type === "orderbook_delta");
    expect(delta.msg).toMatchObject({ side: "yes", price_dollars: "0.2300", delta_fp: "-5.00", client_order_id: "ws-1" });
    await c.next((f) => f.type === "ticker");
    await c.next((f) => f.type === "user_order");
    await c.next((f) => f.type === "market_position");
    for (const f of c.frames) expect(KalshiWsFrame.safeParse(f).error).toBeUndefined();
    c.close();
  });

  it("use_yes_price: a subscription that asks gets NO levels on the YES leg's scale (1 − no price), the default keeps NO-leg prices", async () => {
    const market = markets[3] ?? "";
    sim.control.setKalshiBook(market, { yes: [[4000, 1000]], no: [[5400, 2000]] });
    const plain = await WsClient.connect(sim, alice);
    const yesScale = await WsClient.connect(sim, alice);
    plain.send({ id: 1, cmd: "subscribe", params: { channels: ["orderbook_delta"], market_ticker: market } });
    yesScale.send({ id: 1, cmd: "subscribe", params: { channels: ["orderbook_delta"], market_ticker: market, use_yes_price: true } });
    const snapshots = await Promise.all([plain, yesScale].map((c) => c.next((f) => f.type === "orderbook_snapshot")));
    expect(snapshots.map((f) => [f.msg.yes_dollars_fp, f.msg.no_dollars_fp])).toEqual([
      [[["0.4000", "10.00"]], [["0.5400", "20.00"]]],
      [[["0.4000", "10.00"]], [["0.4600", "20.00"]]],
    ]);
    sim.control.setKalshiBook(market, {
      yes: [
        [4100, 500],
        [4000, 1000],
      ],
      no: [
        [5400, 2000],
        [5500, 300],
      ],
    });
    const deltas = await Promise.all(
      [plain, yesScale].map((c) =>
        waitFor(() => {
          const d = c.frames.filter((f) => f.type === "orderbook_delta");
          return d.length === 2 ? d.map((f) => [f.msg.side, f.msg.price_dollars, f.msg.delta_fp]) : undefined;
        }),
      ),
    );
    expect(deltas.map((d) => [...d].sort())).toEqual([
      [
        ["no", "0.5500", "3.00"],
        ["yes", "0.4100", "5.00"],
      ],
      [
        ["no", "0.4500", "3.00"],
        ["yes", "0.4100", "5.00"],
      ],
    ]);
    for (const f of [...plain.frames, ...yesScale.frames]) expect(KalshiWsFrame.safeParse(f).error).toBeUndefined();
    plain.close();
    yesScale.close();
  });

  it("pings every configured interval, injects sequence gaps and malformed frames, and drops connections on demand", async () => {
    const c = await WsClient.connect(sim, alice);
    c.send({ id: 1, cmd: "subscribe", params: { channels: ["orderbook_delta"], market_ticker: ticker } });
    await c.next((f) => f.type === "orderbook_snapshot");
    await waitFor(() => c.pings >= 1);
    sim.control.seqGap("kalshi", 3);
    sim.control.setKalshiBook(ticker, { yes: [[900, 100]], no: [] });
    const delta = await c.next((f) => f.type === "orderbook_delta");
    expect(delta.seq).toBe(5);
    sim.control.sendMalformed("kalshi", 2);
    await waitFor(() => c.frames.filter((f) => f.unparsable !== undefined || KalshiWsFrame.safeParse(f).error !== undefined).length >= 2);
    sim.control.killConnections("kalshi");
    await waitFor(() => c.closed);
  });
});
