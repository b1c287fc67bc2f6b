import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { fixtureJson } from "@arb/venue-fixtures";
import { NO_ASK, createEngine } from "@arb/core-wasm";
import { LEG_POLY_NO, LEG_POLY_YES, decimalToInt, intToDecimal, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VenueEvent } from "../../src/ports.js";
import { computeL2Signature } from "../../src/polymarket/auth.js";
import { PolymarketConfig } from "../../src/polymarket/config.js";
import { PolymarketExec } from "../../src/polymarket/exec.js";
import { BOOKS_PER_REQUEST, PolymarketClob } from "../../src/polymarket/http.js";
import { MarketRegistry, polymarketMarketKey } from "../../src/polymarket/markets.js";
import { PolymarketMarketData, PolymarketUserStream } from "../../src/polymarket/ws.js";
import { PolyOrderRequest } from "../../src/polymarket/wire.js";
import { type FixturePeer, json, startFixturePeer, waitFor } from "./fixture-peer.js";

const fixture = (f: string): Record<string, unknown> => fixtureJson("polymarket", f);
const YES = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
const NO = "52114319501245915516055106046884209969926127482827954674443846427813813222426";
const MARKET = "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1";
const silent = pino({ level: "silent" });

type Level = { price: string; size: string };

/** The other token's view of a book: each token's book shows the other's orders mirrored (bid at p ↔ ask at 1 − p). */
function mirrored(book: Record<string, unknown>): Record<string, unknown> {
  const flip = (levels: unknown) => (levels as Level[]).map((l) => ({ price: intToDecimal(10_000 - (decimalToInt(l.price, 4) as number), 4), size: l.size }));
  return { ...book, bids: flip(book["asks"]), asks: flip(book["bids"]) };
}

/** The docs' book example, re-addressed to our tokens: as it is for YES, mirrored for NO. */
function bookFor(asset: string, ts: number): Record<string, unknown> {
  const b = { ...fixture("ws/guide-market_book.json"), asset_id: asset, market: MARKET, timestamp: String(ts) };
  return asset === NO ? mirrored(b) : b;
}

let peer: FixturePeer;
beforeEach(async () => {
  peer = await startFixturePeer();
});
afterEach(async () => {
  await peer.close();
});

function config(extra: Record<string, unknown> = {}) {
  return PolymarketConfig.parse({
    urls: { clob: peer.http, gamma: peer.http, wsMarket: peer.wsMarket, wsUser: peer.wsUser },
    pingIntervalMs: 40,
    staleAfterMs: 400,
    reconnect: { baseMs: 20, maxMs: 60 },
    retry: { attempts: 3, baseMs: 5, maxMs: 20 },
    requestTimeoutMs: 2_000,
    ...extra,
  });
}

describe("POST /books batches", () => {
  it("splits a re-seed of more tokens than one request may carry and returns every book in order", async () => {
    const sizes: number[] = [];
    peer.route("POST", "/books", (_req, body, res) => {
      const ids = (JSON.parse(body) as Array<{ token_id: string }>).map((x) => x.token_id);
      sizes.push(ids.length);
      json(
        res,
        ids.length > BOOKS_PER_REQUEST ? 400 : 200,
        ids.length > BOOKS_PER_REQUEST ? { error: "Invalid payload" } : ids.map((id) => ({ ...fixture("rest/book.response.docs.json"), asset_id: id })),
      );
    });
    const ids = Array.from({ length: 2 * BOOKS_PER_REQUEST + 1 }, (_, i) => String(i + 1));
    const r = await new PolymarketClob({ config: config() }).books(ids);
    expect(sizes).toEqual([BOOKS_PER_REQUEST, BOOKS_PER_REQUEST, 1]);
    expect(r.ok && r.value.map((b) => b.asset_id)).toEqual(ids);
  });
});

describe("market socket (fixture peer)", () => {
  it("subscribes, pings, re-seeds over REST, and after a drop resubscribes and re-seeds again", async () => {
    let booksCalls = 0;
    peer.route("POST", "/books", (_req, body, res) => {
      booksCalls++;
      const ids = (JSON.parse(body) as Array<{ token_id: string }>).map((x) => x.token_id);
      json(
        res,
        200,
        ids.map((id) => {
          const b = { ...fixture("rest/book.response.docs.json"), asset_id: id, timestamp: "100" };
          return id === NO ? mirrored(b) : b;
        }),
      );
    });
    peer.route("GET", "/clob-markets/*", (_req, _b, res) =>
      json(res, 200, {
        c: MARKET,
        t: [
          { t: YES, o: "Yes" },
          { t: NO, o: "No" },
        ],
        mts: 0.01,
        r: null,
      }),
    );
    peer.onConnect((ws) => {
      ws.once("message", () => {
        ws.send(JSON.stringify([bookFor(YES, 200), bookFor(NO, 200)]));
        ws.send(JSON.stringify(fixture("ws/guide-market_price_change.json")));
      });
    });
    const engine = createEngine("ts-twin");
    const pair = engine.addPair(engine.addSchedule(kalshiSchedule()), engine.addSchedule(polymarketSchedule(0, 1)));
    const events: VenueEvent[] = [];
    const cfg = config();
    const clob = new PolymarketClob({ config: cfg });
    const md = new PolymarketMarketData({ config: cfg, clob, engine, sink: (e) => events.push(e), logger: silent, registry: new MarketRegistry() });
    try {
      await md.trackAsync([{ market: MARKET, pair }]);
      md.start();
      const market = () => peer.received.get("/ws/market") ?? [];
      await waitFor("subscribe", () => market().length >= 1);
      expect(JSON.parse(market()[0] as string)).toEqual({ assets_ids: [YES, NO], type: "market", custom_feature_enabled: true });
      // The price_change puts 200 @ 0.50 on the NO token's asks and its mirror on the YES bids (the guide example).
      await waitFor("price_change applied", () => engine.views().size[LEG_POLY_NO][pair] === 20_000);
      expect(engine.views().ask[LEG_POLY_NO][pair]).toBe(5000);
      expect(engine.views().ask[LEG_POLY_YES][pair]).toBe(5200);
      // Depth readers see the same best ask, under either orientation of the market key.
      expect(md.askDepth(MARKET, "no").slice(0, 2)).toEqual([5000, 20_000]);
      expect(md.askDepth(polymarketMarketKey(MARKET, true), "yes").slice(0, 2)).toEqual([5000, 20_000]);
      await waitFor("REST re-seed", () => booksCalls >= 1);
      await waitFor("a text PING", () => peer.pings >= 1);
      expect(md.counters()["ignored:older_snapshot"]).toBeGreaterThanOrEqual(1); // the REST book (ts 100) is older

      for (const s of peer.sockets) s.terminate();
      await waitFor("stale", () => events.some((e) => e.kind === "book.stale"));
      expect(engine.views().ask[LEG_POLY_YES][pair]).toBe(NO_ASK);
      await waitFor("resubscribe", () => market().length >= 2);
      expect(JSON.parse(market()[1] as string)).toEqual({ assets_ids: [YES, NO], type: "market", custom_feature_enabled: true });
      await waitFor("restored", () => events.some((e) => e.kind === "book.restored"));
      await waitFor("second re-seed", () => booksCalls >= 2);
      expect(engine.views().ask[LEG_POLY_YES][pair]).not.toBe(NO_ASK);
      expect(events.filter((e) => e.kind === "connection.changed" && e.state === "open")).toHaveLength(2);
    } finally {
      await md.close();
      await clob.close();
    }
  });

  it("kills a connection that goes silent (no PONG) and reconnects", async () => {
    peer.answerPings = false;
    const engine = createEngine("ts-twin");
    const events: VenueEvent[] = [];
    const cfg = config({ staleAfterMs: 150 });
    const clob = new PolymarketClob({ config: cfg });
    const md = new PolymarketMarketData({ config: cfg, clob, engine, sink: (e) => events.push(e), logger: silent, registry: new MarketRegistry() });
    try {
      md.start();
      await waitFor("reconnect after silence", () => events.filter((e) => e.kind === "connection.changed" && e.state === "open").length >= 2);
      expect(events.some((e) => e.kind === "connection.changed" && e.state === "closed")).toBe(true);
    } finally {
      await md.close();
      await clob.close();
    }
  });
});

describe("CLOB REST (fixture peer)", () => {
  const accountKey = `0x${randomBytes(32).toString("hex")}` as const;
  const account = privateKeyToAccount(accountKey);
  const creds = { key: "f4f247b7-4ac7-ff29-a152-04fda0a8755a", secret: randomBytes(32).toString("base64url"), passphrase: randomBytes(16).toString("hex") };

  function checkL2(req: IncomingMessage, body: string): boolean {
    const h = req.headers;
    const path = (req.url ?? "").split("?")[0] ?? "";
    const expected = computeL2Signature(creds.secret, Number(h["poly_timestamp"]), req.method ?? "", path, body === "" ? undefined : body);
    return (
      h["poly_signature"] === expected && h["poly_api_key"] === creds.key && h["poly_passphrase"] === creds.passphrase && h["poly_address"] === account.address
    );
  }

  it("places an order: L2-signed exact body, version mismatch re-signed once, matched answer used as is", async () => {
    let version = 2;
    const posted: unknown[] = [];
    peer.route("GET", "/version", (_r, _b, res) => json(res, 200, { version }));
    peer.route("GET", "/clob-markets/*", (_r, _b, res) =>
      json(res, 200, {
        c: MARKET,
        t: [
          { t: YES, o: "Yes" },
          { t: NO, o: "No" },
        ],
        mts: 0.01,
        nr: true,
        r: null,
      }),
    );
    peer.route("POST", "/order", (req, body, res) => {
      if (!checkL2(req, body)) return json(res, 401, { error: "Unauthorized/Invalid api key" });
      const order = PolyOrderRequest.parse(JSON.parse(body));
      posted.push(order);
      if (posted.length === 1) {
        version = 3;
        return json(res, 400, { error: "order_version_mismatch" });
      }
      return json(res, 200, {
        ...fixture("rest/order.response.matched_order.docs.json"),
        makingAmount: String(order.order.makerAmount),
        takingAmount: String(order.order.takerAmount),
        orderID: "0xabc",
      });
    });
    const cfg = config({ privateKey: accountKey, creds });
    const clob = new PolymarketClob({ config: cfg, account });
    const exec = new PolymarketExec({ config: cfg, clob, account, logger: silent, now: () => 1_780_449_126_930, random: () => 0.25 });
    try {
      const r = await exec.placeOrder({
        clientOrderId: "c-1",
        market: MARKET,
        outcome: "no",
        action: "buy",
        priceUnits: 4500,
        sizeHundredths: 1000,
        timeInForce: "fill_or_kill",
      });
      expect(r).toEqual({
        ok: true,
        value: { orderId: "0xabc", clientOrderId: "c-1", filledHundredths: 1000, remainingHundredths: 0, avgPriceMicros: 450_000, tsMs: 1_780_449_126_930 },
      });
      expect(posted).toHaveLength(2);
      const second = posted[1] as { order: { tokenId: string; makerAmount: bigint; takerAmount: bigint }; orderType: string; owner: string };
      expect(second).toMatchObject({ orderType: "FOK", owner: creds.key, order: { tokenId: NO, makerAmount: 4_500_000n, takerAmount: 10_000_000n } });
      expect(exec.ownOrder("0xabc")).toBe("c-1");
      expect(peer.hits.get("GET /version")).toBe(2);
    } finally {
      await exec.close();
    }
  });

  it("sends an order once on a 5xx (outcome unknown) but retries reads, and maps cancels", async () => {
    let bookCalls = 0;
    peer.route("GET", "/version", (_r, _b, res) => json(res, 200, { version: 2 }));
    peer.route("GET", "/clob-markets/*", (_r, _b, res) =>
      json(res, 200, {
        c: MARKET,
        t: [
          { t: YES, o: "Yes" },
          { t: NO, o: "No" },
        ],
        mts: 0.01,
        r: null,
      }),
    );
    peer.route("POST", "/order", (_r, _b, res) => json(res, 502, { error: "bad gateway" }));
    peer.route("GET", "/book", (_r, _b, res) =>
      ++bookCalls < 3 ? json(res, 503, { error: "busy" }) : json(res, 200, fixture("rest/book.response.docs.json")),
    );
    peer.route("DELETE", "/order", (req, body, res) => {
      if (!checkL2(req, body)) return json(res, 401, { error: "Unauthorized/Invalid api key" });
      const id = (JSON.parse(body) as { orderID: string }).orderID;
      return json(res, 200, id === "0xlive" ? { canceled: [id], not_canceled: {} } : { canceled: [], not_canceled: { [id]: "order not found" } });
    });
    // After `killed`, the order answers as a killed FOK does: nothing matched ("") and the reason after the status.
    let killed = false;
    const fok = { size_matched: "", status: "CANCELED_order couldn't be fully filled. FOK orders are fully filled or killed." };
    peer.route("GET", "/data/order/*", (req, body, res) =>
      checkL2(req, body)
        ? json(res, 200, { ...fixture("ws/asyncapi-user_order.json"), id: "0xlive", market: MARKET, asset_id: YES, size_matched: "4", ...(killed && fok) })
        : json(res, 401, { error: "no" }),
    );
    const cfg = config({ privateKey: accountKey, creds });
    const clob = new PolymarketClob({ config: cfg, account });
    const exec = new PolymarketExec({ config: cfg, clob, account, logger: silent });
    try {
      const placed = await exec.placeOrder({
        clientOrderId: "c-2",
        market: MARKET,
        outcome: "yes",
        action: "buy",
        priceUnits: 5000,
        sizeHundredths: 500,
        timeInForce: "immediate_or_cancel",
      });
      expect(placed.ok ? undefined : [placed.error.code, placed.error.outcome]).toEqual(["POLYMARKET_SERVER_ERROR", "unknown"]);
      expect(peer.hits.get("POST /order")).toBe(1);
      const book = await clob.book(YES);
      expect(book.ok && book.value.bids).toEqual([
        { price: 4500, size: 10_000 },
        { price: 4400, size: 20_000 },
      ]);
      expect(bookCalls).toBe(3);
      expect(await exec.cancelOrder("0xlive")).toMatchObject({ ok: true, value: { orderId: "0xlive", reducedByHundredths: 600 } });
      expect(await exec.cancelOrder("0xgone")).toMatchObject({ ok: false, error: { code: "POLYMARKET_REJECTED", outcome: "rejected" } });
      killed = true;
      expect(await exec.getOrder("0xlive")).toMatchObject({
        ok: true,
        value: { orderId: "0xlive", status: "canceled", filledHundredths: 0, remainingHundredths: 0 },
      });
      const bad = await exec.placeOrder({
        clientOrderId: "c-3",
        market: MARKET,
        outcome: "yes",
        action: "buy",
        priceUnits: 5050,
        sizeHundredths: 500,
        timeInForce: "good_till_canceled",
      });
      expect(bad.ok ? undefined : bad.error.code).toBe("POLYMARKET_INVALID_ORDER");
      expect(peer.hits.get("POST /order")).toBe(1);
    } finally {
      await exec.close();
    }
  });
});

describe("user socket (fixture peer)", () => {
  it('reports a killed FOK (size_matched "", status with the reason) as canceled with nothing filled, not a dropped frame', () => {
    const registry = new MarketRegistry();
    const order = fixture("ws/asyncapi-user_order.json");
    registry.add({
      conditionId: String(order["market"]),
      yesTokenId: String(order["asset_id"]),
      noTokenId: "1",
      tick: "0.01",
      negRisk: false,
      feeRatePpm: 0,
      feeExponent: 0,
      minOrderHundredths: 0,
    });
    const events: VenueEvent[] = [];
    const creds = { key: "k", secret: "s", passphrase: "p" };
    const user = new PolymarketUserStream({ config: config(), creds, sink: (e) => events.push(e), logger: silent, registry, ownOrder: () => "cid-fok" });
    user.handle(JSON.stringify({ ...order, size_matched: "", status: "CANCELED_order couldn't be fully filled. FOK orders are fully filled or killed." }));
    expect(events).toEqual([
      {
        kind: "order.updated",
        venue: "polymarket",
        order: {
          orderId: order["id"],
          clientOrderId: "cid-fok",
          market: order["market"],
          outcome: "no",
          status: "canceled",
          yesPriceUnits: 5700,
          initialHundredths: 1000,
          filledHundredths: 0,
          remainingHundredths: 0,
        },
      },
    ]);
    expect(user.counters()).toEqual({});
  });

  it("authenticates by subscription message and turns order and trade events into port events", async () => {
    const creds = { key: "9180014b-33c8-9240-a14b-bdca11c0a465", secret: randomBytes(32).toString("base64url"), passphrase: "p" };
    const cond = "0xbd31dc8a20211944f6b70f31557f1001557b59905b7738480ca09bd4532f84af";
    const token = "52114319501245915516055106046884209969926127482827954674443846427813813222426";
    peer.onConnect((ws) => {
      ws.once("message", () => {
        ws.send(JSON.stringify([fixture("ws/guide-user_order.json"), fixture("ws/guide-user_trade.json")]));
        ws.send("PONG");
        ws.send('{"event_type":"trade"');
      });
    });
    const registry = new MarketRegistry();
    registry.add({ conditionId: cond, yesTokenId: token, noTokenId: "1", tick: "0.01", negRisk: false, feeRatePpm: 0, feeExponent: 0, minOrderHundredths: 0 });
    const events: VenueEvent[] = [];
    const user = new PolymarketUserStream({ config: config(), creds, sink: (e) => events.push(e), logger: silent, registry, ownOrder: () => "cid-9" });
    try {
      user.watch([cond]);
      user.start();
      await waitFor("events", () => events.some((e) => e.kind === "fill.received") && events.some((e) => e.kind === "frame.dropped"));
      const sub = JSON.parse((peer.received.get("/ws/user") ?? [])[0] as string);
      expect(sub).toEqual({ auth: { apiKey: creds.key, secret: creds.secret, passphrase: "p" }, markets: [cond], type: "user" });
      expect(events.find((e) => e.kind === "order.updated")).toMatchObject({
        order: { clientOrderId: "cid-9", outcome: "no", status: "resting", initialHundredths: 1000 },
      });
      const fills = events.filter((e) => e.kind === "fill.received");
      expect(fills.map((f) => f.kind === "fill.received" && [f.fill.isTaker, f.fill.sizeHundredths, f.fill.yesPriceUnits])).toEqual([
        [true, 1000, 5700],
        [false, 1000, 5700],
      ]);
      expect(user.counters()).toEqual({ "dropped:json": 1 });
    } finally {
      await user.close();
    }
  });
});
