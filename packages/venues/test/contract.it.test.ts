import { generateKeyPairSync, randomUUID } from "node:crypto";
import { type DetectionEngine, NO_ASK, createEngine } from "@arb/core-wasm";
import { LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES, type VenueId, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import type { Sim } from "@arb/venue-sim";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KalshiConfigInput, createKalshiClients } from "../src/kalshi/index.js";
import { PolymarketExec } from "../src/polymarket/exec.js";
import { PolymarketClob } from "../src/polymarket/http.js";
import { MarketRegistry } from "../src/polymarket/markets.js";
import { PolymarketMarketData } from "../src/polymarket/ws.js";
import type { ExecClient, FillReport, OrderIntent, Outcome, VenueEvent, VenueResult } from "../src/ports.js";
import { configFor, credsOf, newTrader, quietPolySim, silent } from "./polymarket-it/harness.js";
import { waitFor } from "./wait.js";

/**
 * The contract both venue clients promise, run once per venue against the simulator: the same cases, with a small
 * adapter per venue mapping each common step (set a market's book, build a market-data client, build an order
 * client) to that venue. Books are given in YES space — bids and asks of the market's YES outcome — as Kalshi's YES
 * bids and NO bids (a NO bid at q is a YES ask at $1 − q) or Polymarket's YES-token book (the NO token mirrors it).
 * Every case takes a market of its own, so no case sees another's orders or liquidity.
 */

type Levels = ReadonlyArray<readonly [number, number]>;

interface YesBook {
  readonly bids: Levels;
  readonly asks: Levels;
}

interface MarketDataUnderTest {
  readonly engine: DetectionEngine;
  readonly pair: number;
  readonly events: VenueEvent[];
  track(market: string): Promise<void>;
  start(): void;
  askDepth(market: string, outcome: Outcome): number[];
  consistent(market: string): boolean;
  counters(): Readonly<Record<string, number>>;
}

interface OrdersUnderTest extends Pick<ExecClient, "placeOrder" | "cancelOrder" | "getOrder"> {
  /** Every fill of one order (Kalshi: GET /portfolio/fills by order id; Polymarket: the market's trades). */
  fillsOf(orderId: string): Promise<VenueResult<FillReport[]>>;
}

interface ContractVenue {
  readonly venue: VenueId;
  /** The detection-core legs the market's YES and NO asks go to. */
  readonly legs: { readonly yes: number; readonly no: number };
  /** What `sendMalformed(venue, 2)` leaves in the client's `dropped:*` counters (the simulator's two bad frames). */
  readonly malformedDrops: Readonly<Record<string, number>>;
  /** A market no other case has used. */
  nextMarket(): string;
  /** Replaces the simulated makers' liquidity of the market with `book` (YES space). */
  setBook(market: string, book: YesBook): void;
  marketData(): Promise<MarketDataUnderTest>;
  orders(): Promise<OrdersUnderTest>;
}

let sim: Sim;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  sim = await quietPolySim({ name: "venues-contract", games: { count: 12, leagues: ["NBA"] }, kalshi: { wsPingMs: 500 } });
});

afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

afterAll(async () => {
  await sim?.close();
});

function engineWithPair(): { engine: DetectionEngine; pair: number } {
  const engine = createEngine();
  return { engine, pair: engine.addPair(engine.addSchedule(kalshiSchedule()), engine.addSchedule(polymarketSchedule(50_000, 1))) };
}

/** Hands out the markets of one venue in order, each once. */
function marketSupply(list: () => readonly string[]): () => string {
  let next = 0;
  return () => {
    const m = list()[next++];
    if (m === undefined) throw new Error("the scenario has too few markets for the contract cases");
    return m;
  };
}

function kalshiVenue(): ContractVenue {
  let key: { keyId: string; privateKey: string } | undefined;
  const account = () => {
    if (key !== undefined) return key;
    const { publicKey, privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    key = { keyId: sim.control.createKalshiAccount({ publicKeyPem: publicKey, balanceMicros: 1_000_000_000 }).keyId, privateKey };
    return key;
  };
  const config = (): KalshiConfigInput => ({
    restUrl: sim.urls.kalshi.rest,
    wsUrl: sim.urls.kalshi.ws,
    keyId: account().keyId,
    privateKeyPem: account().privateKey,
    http: { timeoutMs: 2_000, backoff: { baseMs: 20, maxMs: 200 } },
    ws: { heartbeatTimeoutMs: 3_000, backoff: { baseMs: 20, maxMs: 200 }, privateChannels: false },
  });
  const clients = (sink: (e: VenueEvent) => void, engine: DetectionEngine) => {
    const c = createKalshiClients({ config: config(), engine, sink, logger: pino({ level: "silent" }) });
    closers.push(() => c.close());
    return c;
  };
  return {
    venue: "kalshi",
    legs: { yes: LEG_KALSHI_YES, no: LEG_KALSHI_NO },
    malformedDrops: { "dropped:json": 1, "dropped:schema:orderbook_delta": 1 },
    nextMarket: marketSupply(() => sim.control.markets().games.flatMap((g) => g.kalshi.markets.map((m) => m.ticker))),
    setBook(ticker, book) {
      // YES bids as they are; a YES ask at p is a NO bid at $1 − p.
      sim.control.setKalshiBook(ticker, {
        yes: book.bids.map(([p, s]): [number, number] => [p, s]),
        no: book.asks.map(([p, s]): [number, number] => [10_000 - p, s]),
      });
    },
    async marketData() {
      const { engine, pair } = engineWithPair();
      const events: VenueEvent[] = [];
      const md = clients((e) => events.push(e), engine).marketData;
      return {
        engine,
        pair,
        events,
        async track(market) {
          md.track([{ market, pair }]);
        },
        start: () => md.start(),
        askDepth: (m, o) => md.askDepth(m, o),
        consistent: (m) => md.consistent(m),
        counters: () => md.counters(),
      };
    },
    async orders() {
      const rest = clients(() => undefined, createEngine()).rest;
      return {
        placeOrder: (i) => rest.placeOrder(i),
        cancelOrder: (id) => rest.cancelOrder(id),
        getOrder: (id) => rest.getOrder(id),
        fillsOf: (orderId) => rest.fills({ orderId }),
      };
    },
  };
}

function polymarketVenue(): ContractVenue {
  const twoWay = () =>
    sim.control
      .markets()
      .games.flatMap((g) => g.polymarket.markets)
      .filter((m) => m.outcomes.length === 2);
  return {
    venue: "polymarket",
    legs: { yes: LEG_POLY_YES, no: LEG_POLY_NO },
    malformedDrops: { "dropped:json": 1, "dropped:schema:book:asset_id": 1 },
    nextMarket: marketSupply(() => twoWay().map((m) => m.conditionId)),
    setBook(conditionId, book) {
      // The market's first token is its YES (the client reads /clob-markets the same way); the second mirrors it.
      const yes = twoWay().find((m) => m.conditionId === conditionId)?.outcomes[0]?.tokenId;
      if (yes === undefined) throw new Error(`no market ${conditionId}`);
      sim.control.setPolymarketBook(yes, {
        bids: book.bids.map(([p, s]): [number, number] => [p, s]),
        asks: book.asks.map(([p, s]): [number, number] => [p, s]),
      });
    },
    async marketData() {
      const { engine, pair } = engineWithPair();
      const events: VenueEvent[] = [];
      const config = configFor(sim, undefined);
      const clob = new PolymarketClob({ config });
      const md = new PolymarketMarketData({ config, clob, engine, sink: (e) => events.push(e), logger: silent, registry: new MarketRegistry() });
      closers.push(
        () => clob.close(),
        () => md.close(),
      );
      return {
        engine,
        pair,
        events,
        track: (market) => md.trackAsync([{ market, pair }]),
        start: () => md.start(),
        askDepth: (m, o) => md.askDepth(m, o),
        consistent: (m) => md.consistent(m),
        counters: () => md.counters(),
      };
    },
    async orders() {
      const trader = newTrader(sim);
      const config = configFor(sim, trader, { creds: await credsOf(sim, trader) });
      const clob = new PolymarketClob({ config, account: trader.account });
      const exec = new PolymarketExec({ config, clob, account: trader.account, logger: silent });
      closers.push(() => exec.close());
      return {
        placeOrder: (i) => exec.placeOrder(i),
        cancelOrder: (id) => exec.cancelOrder(id),
        getOrder: (id) => exec.getOrder(id),
        fillsOf: (orderId) => exec.fillsOf(orderId),
      };
    },
  };
}

/** One adapter per venue, shared by both suites so that no two cases get the same market. */
const VENUES: Array<[VenueId, ContractVenue]> = [
  ["kalshi", kalshiVenue()],
  ["polymarket", polymarketVenue()],
];

/** YES bids 40¢ / 39¢, YES asks 42¢ / 43¢: NO asks are $1 − the YES bids, 60¢ / 61¢. */
const BOOK: YesBook = {
  bids: [
    [4000, 1000],
    [3900, 500],
  ],
  asks: [
    [4200, 700],
    [4300, 900],
  ],
};
const BOOK_DEPTH = { yes: [4200, 700, 4300, 900], no: [6000, 1000, 6100, 500] };

/** The same market one delta later: a new best YES ask. */
const MOVED: YesBook = {
  bids: BOOK.bids,
  asks: [
    [4100, 300],
    [4200, 700],
    [4300, 900],
  ],
};
const MOVED_DEPTH = { yes: [4100, 300, 4200, 700, 4300, 900], no: BOOK_DEPTH.no };

/** A book no venue's matching could hold: the YES bid above the YES ask. */
const CROSSED: YesBook = { bids: [[5500, 100]], asks: [[4500, 100]] };

const depthOf = (md: MarketDataUnderTest, market: string) => ({ yes: md.askDepth(market, "yes"), no: md.askDepth(market, "no") });
const lastTop = (md: MarketDataUnderTest, market: string, since = 0) =>
  md.events
    .slice(since)
    .filter((e): e is Extract<VenueEvent, { kind: "book.top-changed" }> => e.kind === "book.top-changed" && e.market === market)
    .at(-1);
const eventAfter = (md: MarketDataUnderTest, since: number, match: (e: VenueEvent) => boolean) => md.events.slice(since).some(match);
const countersLike = (md: MarketDataUnderTest, prefixes: readonly string[]) =>
  Object.fromEntries(Object.entries(md.counters()).filter(([k]) => prefixes.some((p) => k.startsWith(p))));

describe.each(VENUES)("venue contract: %s market data", (_name, v) => {
  /** A client tracking a fresh market whose book is BOOK, seeded. */
  async function seeded(): Promise<{ md: MarketDataUnderTest; market: string }> {
    const market = v.nextMarket();
    v.setBook(market, BOOK);
    const md = await v.marketData();
    await md.track(market);
    md.start();
    await waitFor("first snapshot", () => lastTop(md, market) !== undefined);
    await waitFor("the book as set", () => JSON.stringify(depthOf(md, market)) === JSON.stringify(BOOK_DEPTH));
    return { md, market };
  }

  it("the first snapshot seeds the book: depth best first, the top reported and written into the core", async () => {
    const market = v.nextMarket();
    v.setBook(market, BOOK);
    const md = await v.marketData();
    await md.track(market);
    expect(depthOf(md, market)).toEqual({ yes: [], no: [] });
    md.start();
    await waitFor("top", () => lastTop(md, market)?.yesAskUnits === 4200 && lastTop(md, market)?.noAskUnits === 6000);
    expect(lastTop(md, market)).toMatchObject({
      venue: v.venue,
      pair: md.pair,
      yesAskUnits: 4200,
      yesAskHundredths: 700,
      noAskUnits: 6000,
      noAskHundredths: 1000,
    });
    expect(depthOf(md, market)).toEqual(BOOK_DEPTH);
    expect(md.consistent(market)).toBe(true);
    expect(md.engine.views().ask[v.legs.yes]?.[md.pair]).toBe(4200);
    expect(md.engine.views().ask[v.legs.no]?.[md.pair]).toBe(6000);
    expect(countersLike(md, ["dropped:", "resync:"])).toEqual({});
  });

  it("a delta moves the top", async () => {
    const { md, market } = await seeded();
    v.setBook(market, MOVED);
    await waitFor("moved top", () => lastTop(md, market)?.yesAskUnits === 4100);
    expect(lastTop(md, market)).toMatchObject({ yesAskUnits: 4100, yesAskHundredths: 300, noAskUnits: 6000, noAskHundredths: 1000 });
    expect(depthOf(md, market)).toEqual(MOVED_DEPTH);
    expect(md.engine.views().ask[v.legs.yes]?.[md.pair]).toBe(4100);
    expect(countersLike(md, ["dropped:", "resync:"])).toEqual({});
  });

  it("a crossed book is refused (no depth, empty legs, one stale event) and restored by the frame that mends it", async () => {
    const { md, market } = await seeded();
    const before = md.events.length;
    v.setBook(market, CROSSED);
    await waitFor("refused", () =>
      eventAfter(md, before, (e) => e.kind === "book.stale" && e.market === market && e.pair === md.pair && e.cause === "inconsistent_book"),
    );
    await waitFor("still refused once the book is set", () => !md.consistent(market) && md.counters()["inconsistent_book"] !== undefined);
    expect(depthOf(md, market)).toEqual({ yes: [], no: [] });
    expect(md.engine.views().ask[v.legs.yes]?.[md.pair]).toBe(NO_ASK);
    expect(md.engine.views().ask[v.legs.no]?.[md.pair]).toBe(NO_ASK);
    const refused = md.events.length;
    v.setBook(market, BOOK);
    await waitFor("restored", () => eventAfter(md, refused, (e) => e.kind === "book.restored" && e.market === market && e.pair === md.pair));
    await waitFor("consistent again", () => md.consistent(market) && JSON.stringify(depthOf(md, market)) === JSON.stringify(BOOK_DEPTH));
    expect(md.engine.views().ask[v.legs.yes]?.[md.pair]).toBe(4200);
    expect(md.engine.views().ask[v.legs.no]?.[md.pair]).toBe(6000);
  });

  it("a dropped socket reconnects, resubscribes and re-seeds the book", async () => {
    const { md, market } = await seeded();
    const opens = () => md.events.filter((e) => e.kind === "connection.changed" && e.state === "open").length;
    expect(opens()).toBe(1);
    const before = md.events.length;
    sim.control.killConnections(v.venue);
    await waitFor("stale", () => eventAfter(md, before, (e) => e.kind === "book.stale" && e.market === market && e.cause === "disconnected"));
    await waitFor("reconnected", () => opens() === 2);
    await waitFor("re-seeded", () => eventAfter(md, before, (e) => e.kind === "book.restored" && e.market === market));
    await waitFor("the book again", () => JSON.stringify(depthOf(md, market)) === JSON.stringify(BOOK_DEPTH));
    // Resubscribed: the next change reaches the client.
    const after = md.events.length;
    v.setBook(market, MOVED);
    await waitFor("moved top", () => lastTop(md, market, after)?.yesAskUnits === 4100);
    expect(depthOf(md, market)).toEqual(MOVED_DEPTH);
  });

  it("a malformed frame is counted and dropped, and later frames still apply", async () => {
    const { md, market } = await seeded();
    sim.control.sendMalformed(v.venue, 2);
    const dropped = () => Object.entries(md.counters()).reduce((n, [k, c]) => (k.startsWith("dropped:") ? n + c : n), 0);
    await waitFor("drops", () => dropped() >= 2);
    expect(countersLike(md, ["dropped:", "resync:"])).toEqual(v.malformedDrops);
    v.setBook(market, MOVED);
    await waitFor("moved top", () => lastTop(md, market)?.yesAskUnits === 4100);
    expect(depthOf(md, market)).toEqual(MOVED_DEPTH);
  });
});

describe.each(VENUES)("venue contract: %s orders", (_name, v) => {
  const intent = (market: string, priceUnits: number, sizeHundredths: number, timeInForce: OrderIntent["timeInForce"]): OrderIntent => ({
    clientOrderId: randomUUID(),
    market,
    outcome: "yes",
    action: "buy",
    priceUnits,
    sizeHundredths,
    timeInForce,
  });

  it("a fill-or-kill order the book can fill fills in full", async () => {
    const market = v.nextMarket();
    v.setBook(market, { bids: [], asks: [[4500, 1000]] });
    const orders = await v.orders();
    const r = await orders.placeOrder(intent(market, 4500, 1000, "fill_or_kill"));
    expect(r).toMatchObject({ ok: true, value: { filledHundredths: 1000, remainingHundredths: 0, avgPriceMicros: 450_000 } });
  });

  it("a fill-or-kill order the book cannot fill is killed: answered, nothing filled, nothing working", async () => {
    const market = v.nextMarket();
    v.setBook(market, { bids: [], asks: [[4500, 1000]] });
    const orders = await v.orders();
    const i = intent(market, 4500, 2000, "fill_or_kill");
    const r = await orders.placeOrder(i);
    expect(r).toMatchObject({ ok: true, value: { clientOrderId: i.clientOrderId, filledHundredths: 0, remainingHundredths: 0 } });
    // The book is untouched: the whole level still fills another order.
    expect(await orders.placeOrder(intent(market, 4500, 1000, "fill_or_kill"))).toMatchObject({ ok: true, value: { filledHundredths: 1000 } });
  });

  it("a resting order is cancelled once; a second cancel is rejected", async () => {
    const market = v.nextMarket();
    v.setBook(market, { bids: [], asks: [[4500, 1000]] });
    const orders = await v.orders();
    const placed = await orders.placeOrder(intent(market, 4000, 1000, "good_till_canceled"));
    expect(placed).toMatchObject({ ok: true, value: { filledHundredths: 0, remainingHundredths: 1000 } });
    if (!placed.ok) return;
    const id = placed.value.orderId;
    expect(await orders.cancelOrder(id)).toMatchObject({ ok: true, value: { orderId: id, reducedByHundredths: 1000 } });
    expect(await orders.getOrder(id)).toMatchObject({ ok: true, value: { orderId: id, status: "canceled", filledHundredths: 0, remainingHundredths: 0 } });
    expect(await orders.cancelOrder(id)).toMatchObject({ ok: false, error: { venue: v.venue, outcome: "rejected" } });
  });

  it("an order is looked up by its id: market, outcome, price, sizes and status", async () => {
    const market = v.nextMarket();
    v.setBook(market, { bids: [], asks: [[4500, 600]] });
    const orders = await v.orders();
    const i = intent(market, 4500, 1000, "good_till_canceled");
    const placed = await orders.placeOrder(i);
    expect(placed).toMatchObject({ ok: true, value: { filledHundredths: 600, remainingHundredths: 400 } });
    if (!placed.ok) return;
    expect(await orders.getOrder(placed.value.orderId)).toEqual({
      ok: true,
      value: expect.objectContaining({
        orderId: placed.value.orderId,
        clientOrderId: i.clientOrderId,
        market,
        outcome: "yes",
        status: "resting",
        yesPriceUnits: 4500,
        initialHundredths: 1000,
        filledHundredths: 600,
        remainingHundredths: 400,
      }),
    });
  });

  it("the fills of an order add up to what it filled, each ours, as taker, for its outcome", async () => {
    const market = v.nextMarket();
    v.setBook(market, {
      bids: [],
      asks: [
        [4500, 600],
        [4600, 1000],
      ],
    });
    const orders = await v.orders();
    const placed = await orders.placeOrder(intent(market, 4600, 1000, "fill_or_kill"));
    expect(placed).toMatchObject({ ok: true, value: { filledHundredths: 1000, remainingHundredths: 0 } });
    if (!placed.ok) return;
    const fills = await orders.fillsOf(placed.value.orderId);
    if (!fills.ok) throw new Error(fills.error.message);
    expect(fills.value.reduce((n, f) => n + f.sizeHundredths, 0)).toBe(1000);
    for (const f of fills.value) expect(f).toMatchObject({ orderId: placed.value.orderId, market, outcome: "yes", isTaker: true });
  });
});
