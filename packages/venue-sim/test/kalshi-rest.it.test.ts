import { constants } from "node:crypto";
import { fixtureJson } from "@arb/venue-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Sim } from "../src/index.js";
import { type Trader, authHeaders, firstTicker, kalshi, newTrader, quietSim, sign, waitFor } from "./helpers.js";

const fixture = (p: string): unknown => fixtureJson("kalshi", p);

const Level = z.tuple([z.string().regex(/^\d\.\d{4}$/), z.string().regex(/^\d+\.\d{2}$/)]);
/** Mirrors rest/get_market_orderbook.response.json. */
const OrderbookResponse = z.object({ orderbook_fp: z.object({ yes_dollars: z.array(Level), no_dollars: z.array(Level) }) });
/** Mirrors rest/create_order_v2.response.json (+ the documented optional averages). */
const CreateV2Response = z.strictObject({
  order_id: z.string(),
  client_order_id: z.string(),
  fill_count: z.string().regex(/^\d+\.\d{2}$/),
  remaining_count: z.string().regex(/^\d+\.\d{2}$/),
  average_fill_price: z.string().optional(),
  average_fee_paid: z.string().optional(),
  ts_ms: z.number().int(),
});
const CancelV2Response = z.strictObject({ order_id: z.string(), client_order_id: z.string(), reduced_by: z.string(), ts_ms: z.number().int() });
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.string().optional() }) });
const Fill = z.object({
  fill_id: z.string(),
  trade_id: z.string(),
  order_id: z.string(),
  ticker: z.string(),
  market_ticker: z.string(),
  outcome_side: z.enum(["yes", "no"]),
  book_side: z.enum(["bid", "ask"]),
  count_fp: z.string(),
  yes_price_dollars: z.string(),
  no_price_dollars: z.string(),
  is_taker: z.boolean(),
  fee_cost: z.string(),
});

describe("Kalshi REST contract", () => {
  let sim: Sim;
  let alice: Trader;
  let ticker: string;
  beforeAll(async () => {
    sim = await quietSim();
    alice = newTrader(sim);
    ticker = firstTicker(sim);
  });
  afterAll(() => sim.close());

  it("the fixtures validate against the schemas these tests use", () => {
    expect(OrderbookResponse.safeParse(fixture("rest/get_market_orderbook.response.json")).success).toBe(true);
    expect(CreateV2Response.safeParse(fixture("rest/create_order_v2.response.json")).success).toBe(true);
    expect(CancelV2Response.safeParse(fixture("rest/cancel_order_v2.response.json")).success).toBe(true);
  });

  it("public market data: exchange status, series, events with nested markets, markets, orderbook (best bid last)", async () => {
    expect((await kalshi(sim, undefined, "GET", "/exchange/status")).json).toEqual({
      exchange_active: true,
      trading_active: true,
      exchange_estimated_resume_time: null,
    });
    const series = await kalshi(sim, undefined, "GET", "/series/KXNBAGAME");
    expect(series.json.series).toMatchObject({ ticker: "KXNBAGAME", fee_type: "quadratic" });
    const events = await kalshi(sim, undefined, "GET", "/events?series_ticker=KXNBAGAME&status=open&with_nested_markets=true");
    expect(events.json.events).toHaveLength(2);
    expect(events.json.events[0].event_ticker).toMatch(/^KXNBAGAME-26NOV25[A-Z]{3}[A-Z]{3}$/);
    expect(events.json.events[0].markets).toHaveLength(2);
    expect(events.json.cursor).toBe("");
    const market = await kalshi(sim, undefined, "GET", `/markets/${ticker}`);
    expect(market.json.market).toMatchObject({ ticker, status: "active", market_type: "binary", price_level_structure: "linear_cent" });
    sim.control.setKalshiBook(ticker, {
      yes: [
        [4200, 1300],
        [3500, 1100],
      ],
      no: [
        [5600, 1700],
        [4500, 2000],
      ],
    });
    const book = await kalshi(sim, undefined, "GET", `/markets/${ticker}/orderbook`);
    expect(OrderbookResponse.parse(book.json)).toEqual({
      orderbook_fp: {
        yes_dollars: [
          ["0.3500", "11.00"],
          ["0.4200", "13.00"],
        ],
        no_dollars: [
          ["0.4500", "20.00"],
          ["0.5600", "17.00"],
        ],
      },
    });
    const top = await kalshi(sim, undefined, "GET", `/markets/${ticker}`);
    expect(top.json.market).toMatchObject({ yes_bid_dollars: "0.4200", yes_ask_dollars: "0.4400", no_bid_dollars: "0.5600", no_ask_dollars: "0.5800" });
    expect((await kalshi(sim, undefined, "GET", "/markets/NOPE")).status).toBe(404);
  });

  it("refuses unsigned, stale, mis-signed and wrong-salt requests with Kalshi's 401 body", async () => {
    const path = "/trade-api/v2/portfolio/balance";
    const url = sim.urls.kalshi.rest + "/portfolio/balance";
    const unsigned = await fetch(url);
    expect(unsigned.status).toBe(401);
    expect(ErrorBody.parse(await unsigned.json()).error.code).toBe("authentication_error");
    const stale = await fetch(url, { headers: authHeaders(alice, "GET", path, Date.now() - 60_000) });
    expect(stale.status).toBe(401);
    const wrongPath = await fetch(url, { headers: authHeaders(alice, "GET", "/trade-api/v2/portfolio/orders") });
    expect(wrongPath.status).toBe(401);
    const ts = String(Date.now());
    const badSalt = await fetch(url, {
      headers: {
        "KALSHI-ACCESS-KEY": alice.keyId,
        "KALSHI-ACCESS-TIMESTAMP": ts,
        "KALSHI-ACCESS-SIGNATURE": sign(alice.privateKeyPem, ts, "GET", path, constants.RSA_PSS_SALTLEN_MAX_SIGN),
      },
    });
    expect(badSalt.status).toBe(401);
    const good = await kalshi(sim, alice, "GET", "/portfolio/balance?x=1");
    expect(good.status).toBe(200);
    expect(good.json.balance).toBe(100_000);
  });

  it("Create Order V2 takes liquidity, charges the exact fee and reports fills with outcome_side/book_side", async () => {
    const bob = newTrader(sim, 100_000_000);
    sim.control.setKalshiBook(ticker, { yes: [[4000, 1000]], no: [[5000, 1000]] }); // YES ask $0.50 × 10
    const r = await kalshi(sim, bob, "POST", "/portfolio/events/orders", {
      ticker,
      client_order_id: "c-1",
      side: "bid",
      count: "10.00",
      price: "0.5000",
      time_in_force: "fill_or_kill",
      self_trade_prevention_type: "taker_at_cross",
    });
    expect(r.status).toBe(201);
    expect(CreateV2Response.parse(r.json)).toMatchObject({
      client_order_id: "c-1",
      fill_count: "10.00",
      remaining_count: "0.00",
      average_fill_price: "0.500000",
    });
    // $5.00 + ceil_to_cent($0.175) = $5.18
    expect(sim.control.account(bob.accountId)?.balanceMicros).toBe(100_000_000 - 5_180_000);
    const balance = await kalshi(sim, bob, "GET", "/portfolio/balance");
    expect(balance.json.balance).toBe(9482);
    const fills = await kalshi(sim, bob, "GET", `/portfolio/fills?ticker=${ticker}`);
    expect(fills.json.fills).toHaveLength(1);
    expect(Fill.parse(fills.json.fills[0])).toMatchObject({
      outcome_side: "yes",
      book_side: "bid",
      count_fp: "10.00",
      yes_price_dollars: "0.5000",
      is_taker: true,
      fee_cost: "0.1800",
    });
    const positions = await kalshi(sim, bob, "GET", "/portfolio/positions");
    expect(positions.json.market_positions[0]).toMatchObject({ ticker, position_fp: "10.00" });
    const order = await kalshi(sim, bob, "GET", `/portfolio/orders/${r.json.order_id}`);
    expect(order.json.order).toMatchObject({ status: "executed", outcome_side: "yes", book_side: "bid", taker_fees_dollars: "0.1800", fill_count_fp: "10.00" });
  });

  it("FOK with too little depth comes back canceled with nothing filled; IOC keeps its partial fill", async () => {
    const carol = newTrader(sim, 100_000_000);
    sim.control.setKalshiBook(ticker, { yes: [[4000, 300]], no: [[5000, 300]] });
    const body = { ticker, side: "bid", price: "0.5000", self_trade_prevention_type: "taker_at_cross" };
    const fok = await kalshi(sim, carol, "POST", "/portfolio/events/orders", { ...body, count: "5", time_in_force: "fill_or_kill" });
    expect(fok.json).toMatchObject({ fill_count: "0.00", remaining_count: "0.00" });
    const ioc = await kalshi(sim, carol, "POST", "/portfolio/events/orders", { ...body, count: "5", time_in_force: "immediate_or_cancel" });
    expect(ioc.json).toMatchObject({ fill_count: "3.00", remaining_count: "0.00" });
    const o = await kalshi(sim, carol, "GET", `/portfolio/orders/${ioc.json.order_id}`);
    expect(o.json.order).toMatchObject({ status: "canceled", fill_count_fp: "3.00" });
  });

  it("the legacy endpoint maps buy NO to the ask side and answers {order}", async () => {
    const dave = newTrader(sim, 100_000_000);
    sim.control.setKalshiBook(ticker, { yes: [[4000, 1000]], no: [] });
    const r = await kalshi(sim, dave, "POST", "/portfolio/orders", {
      ticker,
      action: "buy",
      side: "no",
      count: 2,
      no_price: 60,
      time_in_force: "fill_or_kill",
    });
    expect(r.status).toBe(201);
    expect(r.json.order).toMatchObject({
      status: "executed",
      outcome_side: "no",
      book_side: "ask",
      yes_price_dollars: "0.4000",
      no_price_dollars: "0.6000",
      fill_count_fp: "2.00",
    });
  });

  it("rests, lists and cancels through both cancel endpoints", async () => {
    const erin = newTrader(sim, 100_000_000);
    sim.control.setKalshiBook(ticker, { yes: [], no: [] });
    const place = (id: string) =>
      kalshi(sim, erin, "POST", "/portfolio/events/orders", {
        ticker,
        client_order_id: id,
        side: "bid",
        count: "4.50",
        price: "0.3000",
        time_in_force: "good_till_canceled",
        self_trade_prevention_type: "maker",
      });
    const a = await place("rest-a");
    const b = await place("rest-b");
    expect(a.json.remaining_count).toBe("4.50");
    const resting = await kalshi(sim, erin, "GET", "/portfolio/orders?status=resting");
    expect(resting.json.orders.map((o: { client_order_id: string }) => o.client_order_id).sort()).toEqual(["rest-a", "rest-b"]);
    const v2 = await kalshi(sim, erin, "DELETE", `/portfolio/events/orders/${a.json.order_id}`);
    expect(CancelV2Response.parse(v2.json)).toMatchObject({ reduced_by: "4.50", client_order_id: "rest-a" });
    const legacy = await kalshi(sim, erin, "DELETE", `/portfolio/orders/${b.json.order_id}`);
    expect(legacy.json).toMatchObject({ order: { status: "canceled" }, reduced_by_fp: "4.50" });
    expect((await kalshi(sim, erin, "DELETE", `/portfolio/orders/${b.json.order_id}`)).status).toBe(404);
    const dup = await place("rest-a");
    expect(dup.status).toBe(409);
    expect(ErrorBody.parse(dup.json).error.code).toBe("order_already_exists");
  });

  it("answers bad requests in the venue's error shape", async () => {
    const frank = newTrader(sim, 1_000_000);
    const base = { ticker, side: "bid", count: "10", price: "0.5000", time_in_force: "good_till_canceled", self_trade_prevention_type: "maker" };
    const poor = await kalshi(sim, frank, "POST", "/portfolio/events/orders", base);
    expect([poor.status, poor.json.error.code]).toEqual([400, "available_balance_too_low"]);
    const badPrice = await kalshi(sim, frank, "POST", "/portfolio/events/orders", { ...base, count: "1", price: "0.50001" });
    expect([badPrice.status, badPrice.json.error.code]).toEqual([400, "bad_request"]);
    expect(badPrice.json.error.details).toMatch(/^price:/);
    const offGrid = await kalshi(sim, frank, "POST", "/portfolio/events/orders", { ...base, count: "1", price: "0.5050" });
    expect(offGrid.json.error.code).toBe("invalid_price");
    const noMarket = await kalshi(sim, frank, "POST", "/portfolio/events/orders", { ...base, count: "1", ticker: "KXNOPE-1" });
    expect([noMarket.status, noMarket.json.error.code]).toEqual([404, "market_not_found"]);
    const url = new URL(`${sim.urls.kalshi.rest}/portfolio/events/orders`);
    const notJson = await fetch(url, {
      method: "POST",
      headers: { ...authHeaders(frank, "POST", url.pathname), "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
  });

  it("limits a Basic-tier key to its writes per second with 429", async () => {
    const gina = newTrader(sim, 100_000_000);
    sim.control.setRateLimit("kalshi", { readPerSec: 20, writePerSec: 3 });
    const body = { ticker, side: "bid", count: "1", price: "0.0100", time_in_force: "immediate_or_cancel", self_trade_prevention_type: "maker" };
    const replies = await Promise.all(Array.from({ length: 6 }, () => kalshi(sim, gina, "POST", "/portfolio/events/orders", body)));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    expect(ErrorBody.parse(limited[0]?.json).error.code).toBe("too_many_requests");
    sim.control.setRateLimit("kalshi", { readPerSec: 20, writePerSec: 10 });
  });

  it("an exchange pause refuses orders and cancels cancel_order_on_pause orders", async () => {
    const hank = newTrader(sim, 100_000_000);
    sim.control.setKalshiBook(ticker, { yes: [], no: [] });
    const rest = await kalshi(sim, hank, "POST", "/portfolio/events/orders", {
      ticker,
      side: "bid",
      count: "1",
      price: "0.2000",
      time_in_force: "good_till_canceled",
      self_trade_prevention_type: "maker",
      cancel_order_on_pause: true,
    });
    sim.control.pauseVenue("kalshi", true);
    expect((await kalshi(sim, undefined, "GET", "/exchange/status")).json.trading_active).toBe(false);
    const refused = await kalshi(sim, hank, "POST", "/portfolio/events/orders", {
      ticker,
      side: "bid",
      count: "1",
      price: "0.2000",
      time_in_force: "good_till_canceled",
      self_trade_prevention_type: "maker",
    });
    expect(refused.json.error.code).toBe("trading_is_paused");
    expect((await kalshi(sim, hank, "GET", `/portfolio/orders/${rest.json.order_id}`)).json.order.status).toBe("canceled");
    sim.control.pauseVenue("kalshi", false);
  });

  it("one-sided faults: a reject, then a late fill that arrives after the ack", async () => {
    const ivy = newTrader(sim, 100_000_000);
    sim.control.setKalshiBook(ticker, { yes: [[4000, 1000]], no: [[5000, 1000]] });
    sim.control.faultOrders("kalshi", { mode: "reject" });
    sim.control.faultOrders("kalshi", { mode: "late-fill", delayMs: 300 });
    const body = { ticker, side: "bid", count: "2", price: "0.5000", time_in_force: "good_till_canceled", self_trade_prevention_type: "maker" };
    const rejected = await kalshi(sim, ivy, "POST", "/portfolio/events/orders", body);
    expect([rejected.status, rejected.json.error.code]).toEqual([503, "exchange_unavailable"]);
    const late = await kalshi(sim, ivy, "POST", "/portfolio/events/orders", body);
    expect(late.json).toMatchObject({ fill_count: "0.00", remaining_count: "2.00" });
    await waitFor(() => sim.control.account(ivy.accountId)?.orders.find((o) => o.status === "executed"));
    expect(sim.control.account(ivy.accountId)?.positions).toEqual([{ ticker, yesHundredths: 200, noHundredths: 0 }]);
  });

  it("logs every request received", () => {
    expect(sim.control.events().some((e) => e.kind === "request.received" && e["path"] === "/trade-api/v2/exchange/status")).toBe(true);
    expect(sim.control.events().some((e) => e.kind === "fill.booked")).toBe(true);
  });
});
