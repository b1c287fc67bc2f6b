import { randomUUID, generateKeyPairSync } from "node:crypto";
import { type DetectionEngine, createEngine } from "@arb/core-wasm";
import { LEG_KALSHI_NO, LEG_KALSHI_YES, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import { type Sim, parseScenario, startSim } from "@arb/venue-sim";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIDE_NO, SIDE_YES, ladderLevels } from "../src/kalshi/book.js";
import { KalshiConfig, type KalshiConfigInput } from "../src/kalshi/config.js";
import { createKalshiClients, type KalshiClients } from "../src/kalshi/index.js";
import type { OrderIntent, VenueEvent } from "../src/ports.js";
import { waitFor } from "./wait.js";

const BALANCE_MICROS = 1_000_000_000;

function rsaPair() {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

let sim: Sim;
let tickers: string[];
let key: { keyId: string; accountId: string; privateKey: string };
const open: Array<{ close(): Promise<void> }> = [];

function config(extra: Partial<KalshiConfigInput> = {}): KalshiConfigInput {
  return {
    restUrl: sim.urls.kalshi.rest,
    wsUrl: sim.urls.kalshi.ws,
    keyId: key.keyId,
    privateKeyPem: key.privateKey,
    http: { timeoutMs: 2_000, backoff: { baseMs: 20, maxMs: 200 } },
    ws: { heartbeatTimeoutMs: 3_000, backoff: { baseMs: 20, maxMs: 200 } },
    ...extra,
  };
}

interface Harness {
  clients: KalshiClients;
  engine: DetectionEngine;
  pair: number;
  events: VenueEvent[];
}

function harness(extra: Partial<KalshiConfigInput> = {}): Harness {
  const engine = createEngine();
  const pair = engine.addPair(engine.addSchedule(kalshiSchedule()), engine.addSchedule(polymarketSchedule(50_000, 1)));
  const events: VenueEvent[] = [];
  const clients = createKalshiClients({ config: config(extra), engine, sink: (e) => events.push(e), logger: pino({ level: "silent" }) });
  open.push(clients);
  return { clients, engine, pair, events };
}

const opens = (h: Harness) => h.events.filter((e) => e.kind === "connection.changed" && e.state === "open").length;

function topOf(h: Harness, ticker: string) {
  const b = h.clients.marketData.feed.store.books.get(ticker);
  return b === undefined ? undefined : [b.yesAskUnits, b.yesAskHundredths, b.noAskUnits, b.noAskHundredths];
}

function ladders(h: Harness, ticker: string) {
  const b = h.clients.marketData.feed.store.books.get(ticker);
  return b === undefined ? undefined : { yes: ladderLevels(b.bids[SIDE_YES]).flat(), no: ladderLevels(b.bids[SIDE_NO]).flat() };
}

beforeAll(async () => {
  sim = await startSim({
    scenario: parseScenario({ name: "venues-contract", seed: 11, games: { count: 2, leagues: ["NBA"] }, kalshi: { wsPingMs: 500 } }),
  });
  tickers = sim.control.markets().games.flatMap((g) => g.kalshi.markets.map((m) => m.ticker));
  const { publicKey, privateKey } = rsaPair();
  key = { ...sim.control.createKalshiAccount({ publicKeyPem: publicKey, balanceMicros: BALANCE_MICROS }), privateKey };
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await sim?.close();
});

describe("Kalshi client against the simulator", () => {
  it("is accepted with a registered key and refused with an unknown one (REST and WS)", async () => {
    const ok = harness();
    expect(await ok.clients.rest.balanceMicros()).toEqual({ ok: true, value: BALANCE_MICROS });

    const stranger = harness({ privateKeyPem: rsaPair().privateKey });
    const r = await stranger.clients.rest.balanceMicros();
    expect(r).toMatchObject({ ok: false, error: { code: "KALSHI_UNAUTHORIZED", outcome: "rejected", httpStatus: 401 } });
    stranger.clients.marketData.start();
    await waitFor("two refused handshakes", () => stranger.events.filter((e) => e.kind === "connection.changed" && e.state === "closed").length >= 2);
    expect(opens(stranger)).toBe(0);
    await stranger.clients.close();
  });

  it("builds the venue's book from snapshot and deltas and writes its top into the core", async () => {
    const t = tickers[0] as string;
    sim.control.setKalshiBook(t, {
      yes: [
        [4000, 1000],
        [4200, 500],
      ],
      no: [[5500, 800]],
    });
    const h = harness({ ws: { privateChannels: false } });
    h.clients.marketData.track([{ market: t, pair: h.pair }]);
    h.clients.marketData.start();
    await waitFor("snapshot", () => topOf(h, t)?.[0] === 4500);
    expect(topOf(h, t)).toEqual([4500, 800, 5800, 500]);
    expect(h.engine.views().ask[LEG_KALSHI_YES]?.[h.pair]).toBe(4500);
    expect(h.engine.views().ask[LEG_KALSHI_NO]?.[h.pair]).toBe(5800);
    // Depth readers: YES asks from the NO bids, NO asks from the YES bids, best first.
    expect(h.clients.marketData.askDepth(t, "yes")).toEqual([4500, 800]);
    expect(h.clients.marketData.askDepth(t, "no")).toEqual([5800, 500, 6000, 1000]);

    sim.control.setKalshiBook(t, {
      yes: [[4100, 300]],
      no: [
        [5300, 200],
        [5600, 900],
      ],
    });
    await waitFor("deltas", () => topOf(h, t)?.[0] === 4400 && topOf(h, t)?.[2] === 5900);
    const rest = await h.clients.rest.orderbook(t);
    expect(rest.ok && { yes: rest.value.yesBids, no: rest.value.noBids }).toEqual(ladders(h, t));
    expect(h.clients.marketData.counters()).toEqual({});
  });

  it("asks for yes-leg NO pricing on every book subscription and reads those levels as NO bids", async () => {
    const t = tickers[1] as string;
    sim.control.setKalshiBook(t, {
      yes: [[4000, 1000]],
      no: [
        [5300, 200],
        [5600, 900],
      ],
    });
    const since = sim.control.events().length;
    const h = harness({ ws: { privateChannels: false } });
    h.clients.marketData.track([{ market: t, pair: h.pair }]);
    h.clients.marketData.start();
    await waitFor("snapshot", () => topOf(h, t)?.[0] === 4400);
    // What the venue sent: NO bids 0.53 and 0.56 as yes-leg prices 0.47 and 0.44.
    type Sent = { type: string; msg?: { market_ticker?: string; no_dollars_fp?: string[][]; side?: string; price_dollars?: string; delta_fp?: string } };
    const sent = () =>
      sim.control
        .events()
        .slice(since)
        .filter((e) => e.kind === "frame.sent")
        .map((e) => JSON.parse(String(e["frame"])) as Sent)
        .filter((f) => f.msg?.market_ticker === t);
    const snap = sent().find((f) => f.type === "orderbook_snapshot");
    expect(snap?.msg?.no_dollars_fp?.map(([p]) => p).sort()).toEqual(["0.4400", "0.4700"]);
    expect(ladders(h, t)).toEqual({ yes: [4000, 1000], no: [5300, 200, 5600, 900] });
    expect(topOf(h, t)).toEqual([4400, 900, 6000, 1000]);
    // Deltas on the NO side come the same way.
    sim.control.setKalshiBook(t, { yes: [[4000, 1000]], no: [[5500, 400]] });
    await waitFor("deltas", () => topOf(h, t)?.[0] === 4500);
    const added = sent().find((f) => f.type === "orderbook_delta" && f.msg?.side === "no" && !f.msg.delta_fp?.startsWith("-"));
    expect(added?.msg?.price_dollars).toBe("0.4500");
    const rest = await h.clients.rest.orderbook(t);
    expect(rest.ok && { yes: rest.value.yesBids, no: rest.value.noBids }).toEqual(ladders(h, t));
    expect(h.clients.marketData.counters()).toEqual({});
    expect(h.clients.marketData.consistent(t)).toBe(true);
    // The lifecycle channel (event fee overrides) is subscribed too, for every market: the venue does not filter it.
    await waitFor("lifecycle channel", () => h.events.some((e) => e.kind === "subscription.confirmed" && e.channel === "market_lifecycle_v2"));
  });

  it("resubscribes on a seq gap and ends with the venue's book", async () => {
    const t = tickers[1] as string;
    sim.control.setKalshiBook(t, { yes: [[3000, 1000]], no: [[6000, 1000]] });
    const h = harness({ ws: { privateChannels: false } });
    h.clients.marketData.track([{ market: t, pair: h.pair }]);
    h.clients.marketData.start();
    await waitFor("snapshot", () => topOf(h, t)?.[0] === 4000);
    sim.control.seqGap("kalshi", 2);
    sim.control.setKalshiBook(t, { yes: [[3100, 700]], no: [[6100, 400]] });
    await waitFor("resync", () => (h.clients.marketData.counters()["resync:seq_gap"] ?? 0) >= 1);
    await waitFor("fresh snapshot", () => topOf(h, t)?.[0] === 3900 && topOf(h, t)?.[2] === 6900);
    expect(h.events).toContainEqual({ kind: "book.stale", venue: "kalshi", market: t, pair: h.pair, cause: "seq_gap" });
    expect(h.events).toContainEqual({ kind: "book.restored", venue: "kalshi", market: t, pair: h.pair });
    const rest = await h.clients.rest.orderbook(t);
    expect(rest.ok && { yes: rest.value.yesBids, no: rest.value.noBids }).toEqual(ladders(h, t));
  });

  it("reconnects after the venue drops the socket and resubscribes everything", async () => {
    const t = tickers[0] as string;
    const h = harness();
    h.clients.marketData.track([{ market: t, pair: h.pair }]);
    h.clients.marketData.start();
    await waitFor("first connection", () => opens(h) === 1 && topOf(h, t)?.[0] !== 0xffff);
    sim.control.killConnections("kalshi");
    await waitFor("reconnect", () => opens(h) === 2);
    await waitFor("book back", () => h.events.filter((e) => e.kind === "book.restored").length >= 2);
    expect(h.events).toContainEqual({ kind: "book.stale", venue: "kalshi", market: t, pair: h.pair, cause: "disconnected" });
    const rest = await h.clients.rest.orderbook(t);
    expect(rest.ok && { yes: rest.value.yesBids, no: rest.value.noBids }).toEqual(ladders(h, t));
  });

  // A malformed frame counted and dropped: the venue contract (contract.it.test.ts), for both venues.
});

describe("Kalshi orders against the simulator", () => {
  const intent = (t: string, over: Partial<OrderIntent>): OrderIntent => ({
    clientOrderId: randomUUID(),
    market: t,
    outcome: "yes",
    action: "buy",
    priceUnits: 5600,
    sizeHundredths: 2000,
    timeInForce: "fill_or_kill",
    ...over,
  });

  it("FOK that cannot fill kills without a fill; IOC fills what is there and cancels the rest", async () => {
    const t = tickers[2] as string;
    sim.control.setKalshiBook(t, { yes: [[4000, 1000]], no: [[4400, 1000]] });
    const h = harness();
    const fok = await h.clients.rest.placeOrder(intent(t, { timeInForce: "fill_or_kill" }));
    expect(fok).toMatchObject({ ok: true, value: { filledHundredths: 0, remainingHundredths: 0 } });
    const ioc = await h.clients.rest.placeOrder(intent(t, { timeInForce: "immediate_or_cancel" }));
    expect(ioc).toMatchObject({ ok: true, value: { filledHundredths: 1000, remainingHundredths: 0, avgPriceMicros: 560_000 } });
    if (!ioc.ok) return;
    expect(await h.clients.rest.getOrder(ioc.value.orderId)).toMatchObject({ ok: true, value: { status: "canceled", outcome: "yes", filledHundredths: 1000 } });
    const fills = await h.clients.rest.fills({ orderId: ioc.value.orderId });
    expect(fills.ok && fills.value.map((f) => [f.outcome, f.yesPriceUnits, f.sizeHundredths, f.isTaker])).toEqual([["yes", 5600, 1000, true]]);
    // REST names the fill by fill id and carries the trade id the user channel names it by.
    expect(fills.ok && fills.value.map((f) => f.tradeId !== undefined && f.tradeId !== f.fillId)).toEqual([true]);
  });

  it("a NO buy partially fills, rests, streams its fill and cancels", async () => {
    const t = tickers[3] as string;
    sim.control.setKalshiBook(t, { yes: [[4000, 1000]], no: [[3000, 100]] });
    const h = harness();
    h.clients.marketData.start();
    await waitFor("fill channel", () => h.events.some((e) => e.kind === "subscription.confirmed" && e.channel === "fill"));
    const placed = await h.clients.rest.placeOrder(intent(t, { outcome: "no", priceUnits: 6000, sizeHundredths: 1500, timeInForce: "good_till_canceled" }));
    expect(placed).toMatchObject({ ok: true, value: { filledHundredths: 1000, remainingHundredths: 500, avgPriceMicros: 600_000 } });
    if (!placed.ok) return;
    await waitFor("fill event", () => h.events.some((e) => e.kind === "fill.received" && e.fill.orderId === placed.value.orderId));
    expect(h.events.find((e) => e.kind === "fill.received")).toMatchObject({ fill: { outcome: "no", yesPriceUnits: 4000, sizeHundredths: 1000 } });
    expect(await h.clients.rest.getOrder(placed.value.orderId)).toMatchObject({
      ok: true,
      value: { status: "resting", outcome: "no", yesPriceUnits: 4000, remainingHundredths: 500 },
    });
    const resting = await h.clients.rest.openOrders(t);
    expect(resting.ok && resting.value.map((o) => o.orderId)).toContain(placed.value.orderId);
    expect(await h.clients.rest.cancelOrder(placed.value.orderId)).toMatchObject({
      ok: true,
      value: { orderId: placed.value.orderId, reducedByHundredths: 500 },
    });
    expect(await h.clients.rest.getOrder(placed.value.orderId)).toMatchObject({ ok: true, value: { status: "canceled" } });
    expect(await h.clients.rest.cancelOrder(placed.value.orderId)).toMatchObject({ ok: false, error: { outcome: "rejected" } });
    const positions = await h.clients.rest.positions({ ticker: t });
    expect(positions.ok && positions.value).toEqual([expect.objectContaining({ market: t, positionHundredths: -1000 })]);
  });

  it("backs off and retries reads on 429 until they pass", async () => {
    sim.control.setRateLimit("kalshi", { readPerSec: 3, writePerSec: 10 });
    try {
      // Enough attempts that eight reads at 3 a second all pass however busy the machine is: the point is that 429s are retried.
      const h = harness({ readPerSec: 1_000, http: { maxRetries: 30, backoff: { baseMs: 50, maxMs: 400 } } });
      const before = sim.control.events().length;
      const results = await Promise.all(Array.from({ length: 8 }, () => h.clients.rest.exchangeStatus()));
      expect(results.every((r) => r.ok)).toBe(true);
      // More requests reached the venue than were asked for: the 429s were retried.
      const sent = sim.control
        .events()
        .slice(before)
        .filter((e) => e.kind === "request.received" && String(e["path"]).endsWith("/exchange/status"));
      expect(sent.length).toBeGreaterThan(8);
      const stingy = harness({ readPerSec: 1_000, http: { maxRetries: 0 } });
      const burst = await Promise.all(Array.from({ length: 8 }, () => stingy.clients.rest.exchangeStatus()));
      expect(burst.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toContainEqual(
        expect.objectContaining({ code: "KALSHI_RATE_LIMITED", outcome: "retryable" }),
      );
    } finally {
      sim.control.setRateLimit("kalshi", { readPerSec: 20, writePerSec: 10 });
    }
  });

  it("reports a timed-out order as unknown, and the order is found by reconciliation", async () => {
    const t = tickers[2] as string;
    sim.control.setKalshiBook(t, { yes: [[4000, 1000]], no: [[4400, 1000]] });
    sim.control.faultOrders("kalshi", { mode: "timeout", count: 1, delayMs: 1_500 });
    const h = harness({ http: { timeoutMs: 300, maxRetries: 0 } });
    const i = intent(t, { sizeHundredths: 100, timeInForce: "immediate_or_cancel" });
    const r = await h.clients.rest.placeOrder(i);
    expect(r).toMatchObject({ ok: false, error: { code: "KALSHI_TIMEOUT", outcome: "unknown" } });
    const orders = await h.clients.rest.listOrders({ ticker: t });
    expect(orders.ok && orders.value.some((o) => o.clientOrderId === i.clientOrderId)).toBe(true);
  });

  it("parses discovery endpoints", async () => {
    const h = harness();
    const games = sim.control.markets().games;
    const first = games[0];
    if (first === undefined) throw new Error("no games");
    const events = await h.clients.rest.events({ seriesTicker: first.kalshi.seriesTicker });
    expect(events.ok && events.value.find((e) => e.event_ticker === first.kalshi.eventTicker)?.markets?.map((m) => m.ticker)).toEqual(
      first.kalshi.markets.map((m) => m.ticker),
    );
    expect(await h.clients.rest.series(first.kalshi.seriesTicker)).toMatchObject({ ok: true, value: { ticker: first.kalshi.seriesTicker } });
    expect(await h.clients.rest.exchangeStatus()).toEqual({ ok: true, value: { exchangeActive: true, tradingActive: true } });
    const markets = await h.clients.rest.markets({ eventTicker: first.kalshi.eventTicker });
    expect(markets.ok && markets.value.length).toBe(first.kalshi.markets.length);
    expect(KalshiConfig.safeParse(config()).success).toBe(true);
  });
});
