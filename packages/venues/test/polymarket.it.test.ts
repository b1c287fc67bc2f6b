import { createEngine } from "@arb/core-wasm";
import { kalshiSchedule, polymarketOrderFeeMicros, polymarketSchedule } from "@arb/domain";
import type { Sim } from "@arb/venue-sim";
import { privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Ladder, levelsOf } from "../src/net/ladder.js";
import type { VenueEvent } from "../src/ports.js";
import { computeLimitAmounts } from "../src/polymarket/amounts.js";
import { createL2Headers } from "../src/polymarket/auth.js";
import { PolymarketExec } from "../src/polymarket/exec.js";
import { PolymarketClob } from "../src/polymarket/http.js";
import { MarketRegistry, polymarketMarketKey } from "../src/polymarket/markets.js";
import { createOrderSigner } from "../src/polymarket/order-signer.js";
import { type OrderV2, buildOrderV2, orderBody, orderDigestV2 } from "../src/polymarket/sign.js";
import { PolymarketMarketData, PolymarketUserStream } from "../src/polymarket/ws.js";
import { type Trader, configFor, credsOf, marketsOf, newTrader, quietPolySim, silent, waitFor } from "./polymarket-it/harness.js";

/**
 * The Polymarket client, unchanged, against the simulator's Polymarket side: every request signed, every frame
 * parsed by the client's own schemas. Only the base URLs differ from production.
 */
let sim: Sim;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  await sim.close();
});

interface Client {
  readonly trader: Trader;
  readonly clob: PolymarketClob;
  readonly exec: PolymarketExec;
}

async function client(balanceMicros = 1_000_000_000): Promise<Client> {
  const trader = newTrader(sim, balanceMicros);
  const creds = await credsOf(sim, trader);
  const config = configFor(sim, trader, { creds });
  const clob = new PolymarketClob({ config, account: trader.account });
  const exec = new PolymarketExec({ config, clob, account: trader.account, logger: silent });
  closers.push(() => exec.close());
  return { trader, clob, exec };
}

const intent = (
  market: string,
  outcome: "yes" | "no",
  action: "buy" | "sell",
  priceUnits: number,
  sizeHundredths: number,
  tif: "fill_or_kill" | "immediate_or_cancel" | "good_till_canceled",
  id = "c",
) => ({
  clientOrderId: `${id}-${Math.random()}`,
  market,
  outcome,
  action,
  priceUnits,
  sizeHundredths,
  timeInForce: tif,
});

describe("Polymarket client ↔ simulator: auth", () => {
  beforeEach(async () => {
    sim = await quietPolySim();
  });

  it("creates credentials through L1 and derives the same ones again", async () => {
    const t = newTrader(sim);
    const clob = new PolymarketClob({ config: configFor(sim, t), account: t.account });
    closers.push(() => clob.close());
    expect((await clob.deriveApiKey()).ok).toBe(false);
    const created = await clob.createApiKey();
    const derived = await clob.deriveApiKey();
    expect(created.ok && derived.ok && created.value).toEqual(derived.ok && derived.value);
    expect((await clob.createOrDeriveApiKey()).ok).toBe(true);
    const other = await clob.deriveApiKey(1);
    expect(other.ok).toBe(false);
  });

  it("L2 is accepted, and refused with a wrong secret, a stale timestamp or a changed body", async () => {
    const t = newTrader(sim);
    const creds = await credsOf(sim, t);
    const good = new PolymarketClob({ config: configFor(sim, t, { creds }), account: t.account });
    const wrong = new PolymarketClob({
      config: configFor(sim, t, { creds: { ...creds, secret: Buffer.alloc(32, 7).toString("base64url") } }),
      account: t.account,
    });
    const stale = new PolymarketClob({ config: configFor(sim, t, { creds }), account: t.account, now: () => Date.now() - 120_000 });
    closers.push(
      () => good.close(),
      () => wrong.close(),
      () => stale.close(),
    );
    expect(await good.balanceAllowance("COLLATERAL")).toEqual({ ok: true, value: 1_000_000_000n });
    for (const c of [wrong, stale]) {
      const r = await c.openOrders();
      expect(r.ok ? undefined : [r.error.code, r.error.httpStatus]).toEqual(["POLYMARKET_UNAUTHORIZED", 401]);
    }
    // The body the HMAC signed is not the body sent.
    const signed = JSON.stringify({ orderID: "0x01" });
    const headers = createL2Headers(t.account.address, creds, Math.floor(Date.now() / 1000), "DELETE", "/order", signed);
    const res = await fetch(`${sim.urls.polymarket.clob}/order`, { method: "DELETE", headers: { ...headers }, body: JSON.stringify({ orderID: "0x02" }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized/Invalid api key" });
  });
});

describe("Polymarket client ↔ simulator: orders", () => {
  beforeEach(async () => {
    sim = await quietPolySim();
  });

  it("accepts a signed GTC that rests, and refuses bad signatures, the wrong exchange, a bad tick and a tiny size", async () => {
    const { negRisk, plain } = marketsOf(sim);
    const c = await client();
    const live = await c.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 4000, 1000, "good_till_canceled"));
    expect(live).toMatchObject({ ok: true, value: { filledHundredths: 0, remainingHundredths: 1000 } });
    const creds = c.clob.apiKey as string;
    const signer = createOrderSigner(c.trader.privateKey);
    const signed = (o: OrderV2, negRiskExchange: boolean) => ({ ...o, signature: signer.sign(orderDigestV2(o, 137, negRiskExchange)) });

    // Signed by another key than the order's signer.
    const intruder = privateKeyToAccount(`0x${"42".repeat(32)}`);
    const amounts = computeLimitAmounts("BUY", 1000, 4000, "0.01");
    if (!amounts.ok) throw new Error("amounts");
    const order = buildOrderV2({ signer: c.trader.account.address, signatureType: 0 }, plain.yes, amounts.amounts, 7, Date.now());
    const forged = {
      ...signed(order, false),
      signature: await intruder.signTypedData({ domain: { name: "x" }, types: { A: [{ name: "a", type: "uint256" }] }, primaryType: "A", message: { a: 1n } }),
    };
    const bad = await c.clob.postOrder(orderBody(forged, creds, "GTC"));
    expect(bad.ok ? undefined : [bad.error.code, bad.error.message]).toEqual(["POLYMARKET_UNAUTHORIZED", "invalid signature"]);

    // A neg-risk market's order signed for the standard exchange.
    const negOrder = buildOrderV2({ signer: c.trader.account.address, signatureType: 0 }, negRisk.yes, amounts.amounts, 8, Date.now());
    const wrongExchange = await c.clob.postOrder(orderBody(signed(negOrder, false), creds, "GTC"));
    expect(wrongExchange.ok ? undefined : wrongExchange.error.message).toBe("invalid signature");
    const rightExchange = await c.clob.postOrder(orderBody(signed(negOrder, true), creds, "GTC"));
    expect(rightExchange).toMatchObject({ ok: true, value: { success: true, status: "live" } });

    // 0.455 on a 0.01 market (amounts rounded for a 0.001 tick, which the venue refuses).
    const offTick = computeLimitAmounts("BUY", 1000, 4550, "0.001");
    if (!offTick.ok) throw new Error("amounts");
    const tickOrder = buildOrderV2({ signer: c.trader.account.address, signatureType: 0 }, plain.yes, offTick.amounts, 9, Date.now());
    const tick = await c.clob.postOrder(orderBody(signed(tickOrder, false), creds, "GTC"));
    expect(tick.ok ? undefined : [tick.error.code, tick.error.message]).toEqual([
      "POLYMARKET_INVALID_ORDER",
      expect.stringMatching(/Price \(0\.455\) breaks minimum tick size rule: 0\.01$/),
    ]);

    const tiny = await c.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 4000, 100, "good_till_canceled"));
    expect(tiny.ok ? undefined : [tiny.error.code, tiny.error.message]).toEqual([
      "POLYMARKET_INVALID_ORDER",
      expect.stringMatching(/Size \(1\) lower than the minimum: 5$/),
    ]);
    const broke = await (await client(1_000_000)).exec.placeOrder(intent(plain.conditionId, "yes", "buy", 5000, 1000, "good_till_canceled"));
    expect(broke.ok ? undefined : broke.error.code).toBe("POLYMARKET_INSUFFICIENT_BALANCE");
  });

  it("FOK fills in full or is killed, FAK fills what it can, GTC fills partly and rests the rest", async () => {
    const { plain } = marketsOf(sim);
    sim.control.setPolymarketBook(plain.yes, {
      bids: [],
      asks: [
        [4500, 1000],
        [4600, 1000],
      ],
    });
    const c = await client();
    const fok = await c.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 4500, 1000, "fill_or_kill"));
    expect(fok).toMatchObject({ ok: true, value: { filledHundredths: 1000, remainingHundredths: 0, avgPriceMicros: 450_000 } });
    // A FOK the book cannot fill is killed (the venue answers 400 "couldn't be fully filled"): an order that ran and
    // filled nothing, answered like Kalshi's unfilled IOC, under the id staged before the send.
    const staged = c.exec.stageOrder(intent(plain.conditionId, "yes", "buy", 4600, 5000, "fill_or_kill"));
    if (!staged.ok) throw new Error(staged.error.message);
    const killed = await c.exec.sendStaged(staged.value);
    expect(killed).toEqual({
      ok: true,
      value: {
        orderId: staged.value.orderId,
        clientOrderId: staged.value.intent.clientOrderId,
        filledHundredths: 0,
        remainingHundredths: 0,
        tsMs: expect.any(Number),
      },
    });
    const fak = await c.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 4600, 1500, "immediate_or_cancel"));
    expect(fak).toMatchObject({ ok: true, value: { filledHundredths: 1000, remainingHundredths: 0, avgPriceMicros: 460_000 } });
    const none = await c.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 4000, 1000, "immediate_or_cancel"));
    expect(none).toMatchObject({ ok: true, value: { filledHundredths: 0, remainingHundredths: 0 } });

    sim.control.setPolymarketBook(plain.yes, { bids: [], asks: [[4700, 600]] });
    const gtc = await c.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 4700, 1000, "good_till_canceled"));
    expect(gtc).toMatchObject({ ok: true, value: { filledHundredths: 600, remainingHundredths: 400 } });
    const state = await c.exec.getOrder(gtc.ok ? gtc.value.orderId : "");
    expect(state).toMatchObject({ ok: true, value: { status: "resting", filledHundredths: 600, outcome: "yes", yesPriceUnits: 4700 } });
    // Taker fees in pUSD on top of the notional: 10 @ 0.45, 10 @ 0.46, 6 @ 0.47.
    const fees =
      polymarketOrderFeeMicros(1000, 4500, 50_000, 1) + polymarketOrderFeeMicros(1000, 4600, 50_000, 1) + polymarketOrderFeeMicros(600, 4700, 50_000, 1);
    const bal = await c.exec.balanceMicros();
    expect(bal).toEqual({ ok: true, value: 1_000_000_000 - 450_000 * 10 - 460_000 * 10 - 470_000 * 6 - fees });
    const pos = await c.exec.positions();
    expect(pos).toMatchObject({ ok: true, value: [{ market: plain.conditionId, positionHundredths: 2600 }] });
  });

  it("finds an order by client order id and lists its fills from /data/trades under the user channel's fill ids", async () => {
    const { plain } = marketsOf(sim);
    sim.control.setPolymarketBook(plain.yes, {
      bids: [],
      asks: [
        [4500, 600],
        [4600, 1000],
      ],
    });
    const c = await client();
    const order = intent(plain.conditionId, "yes", "buy", 4600, 1000, "immediate_or_cancel", "find");
    const placed = await c.exec.placeOrder(order);
    if (!placed.ok) throw new Error(placed.error.message);
    expect(await c.exec.findOrder(plain.conditionId, order.clientOrderId)).toMatchObject({
      ok: true,
      value: { orderId: placed.value.orderId, clientOrderId: order.clientOrderId, filledHundredths: placed.value.filledHundredths },
    });
    const fills = await c.exec.fillsOf(placed.value.orderId);
    if (!fills.ok) throw new Error(fills.error.message);
    expect(fills.value.reduce((s, f) => s + f.sizeHundredths, 0)).toBe(placed.value.filledHundredths);
    for (const f of fills.value)
      expect(f).toMatchObject({
        fillId: expect.stringMatching(new RegExp(`:${placed.value.orderId}$`)),
        orderId: placed.value.orderId,
        clientOrderId: order.clientOrderId,
        outcome: "yes",
        isTaker: true,
      });
    // Placed by no one this process knows of: an unknown outcome, never "not at the venue".
    const other = await c.exec.findOrder(plain.conditionId, "not-mine");
    expect(other.ok ? undefined : [other.error.code, other.error.outcome]).toEqual(["POLYMARKET_ORDER_UNTRACEABLE", "unknown"]);
  });

  it("crosses complementary orders (a NO buy fills a YES buy: a mint) and cancels", async () => {
    const { plain } = marketsOf(sim);
    const a = await client();
    const b = await client();
    const rest = await a.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 4000, 1000, "good_till_canceled"));
    expect(rest.ok).toBe(true);
    const book = await b.clob.book(plain.no);
    expect(book.ok && book.value.asks).toEqual([{ price: 6000, size: 1000 }]);
    const mint = await b.exec.placeOrder(intent(plain.conditionId, "no", "buy", 6000, 1000, "fill_or_kill"));
    expect(mint).toMatchObject({ ok: true, value: { filledHundredths: 1000, avgPriceMicros: 600_000 } });
    expect(await a.exec.getOrder(rest.ok ? rest.value.orderId : "")).toMatchObject({ ok: true, value: { status: "executed", filledHundredths: 1000 } });
    expect(await a.exec.balanceMicros()).toEqual({ ok: true, value: 1_000_000_000 - 4_000_000 });
    expect(await b.exec.balanceMicros()).toEqual({ ok: true, value: 1_000_000_000 - 6_000_000 - polymarketOrderFeeMicros(1000, 6000, 50_000, 1) });

    const resting = await a.exec.placeOrder(intent(plain.conditionId, "no", "buy", 3000, 800, "good_till_canceled"));
    const id = resting.ok ? resting.value.orderId : "";
    expect(await a.exec.cancelOrder(id)).toMatchObject({ ok: true, value: { orderId: id, reducedByHundredths: 800 } });
    expect(await a.exec.cancelOrder(id)).toMatchObject({ ok: false, error: { code: "POLYMARKET_REJECTED" } });
    expect(await a.exec.openOrders()).toEqual({ ok: true, value: [] });
  });
});

describe("Polymarket client ↔ simulator: sockets", () => {
  beforeEach(async () => {
    sim = await quietPolySim();
  });

  it("the user channel reports placement, fills and settlement; a failed trade takes its fill back", async () => {
    const { plain } = marketsOf(sim);
    const maker = await client();
    const taker = await client();
    const creds = await credsOf(sim, maker.trader);
    const events: VenueEvent[] = [];
    const registry = maker.exec.registry;
    const user = new PolymarketUserStream({
      config: configFor(sim, maker.trader, { creds }),
      creds,
      sink: (e) => events.push(e),
      logger: silent,
      registry,
      ownOrder: (id) => maker.exec.ownOrder(id),
    });
    closers.push(() => user.close());
    await maker.exec.prepare(plain.conditionId);
    user.watch([plain.conditionId]);
    user.start();
    await waitFor("user socket", () => events.some((e) => e.kind === "connection.changed" && e.state === "open"));
    const placed = await maker.exec.placeOrder(intent(plain.conditionId, "yes", "sell", 5500, 1000, "good_till_canceled", "m"));
    expect(placed.ok ? undefined : placed.error.message).toBe("not enough balance / allowance");
    const r = await maker.exec.placeOrder(intent(plain.conditionId, "no", "buy", 4500, 1000, "good_till_canceled", "m"));
    expect(r.ok).toBe(true);
    await waitFor("placement", () => events.some((e) => e.kind === "order.updated" && e.order.status === "resting"));
    sim.control.faultOrders("polymarket", { mode: "trade-failed", count: 1 });
    const hit = await taker.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 5500, 500, "fill_or_kill", "t"));
    expect(hit).toMatchObject({ ok: true, value: { filledHundredths: 500 } });
    const ok = await taker.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 5500, 500, "fill_or_kill", "t"));
    expect(ok.ok).toBe(true);
    await waitFor("fills, settlement and the reversal", () => events.some((e) => e.kind === "fill.settled") && events.some((e) => e.kind === "fill.reversed"));
    const fills = events.flatMap((e) => (e.kind === "fill.received" ? [e.fill] : []));
    expect(fills.map((f) => [f.isTaker, f.outcome, f.yesPriceUnits, f.sizeHundredths])).toEqual([
      [false, "no", 5500, 500],
      [false, "no", 5500, 500],
    ]);
    expect(fills[0]?.clientOrderId).toMatch(/^m-/);
    const reversed = events.flatMap((e) => (e.kind === "fill.reversed" ? [e.fill] : []));
    expect(reversed).toHaveLength(1);
    // The reversal names one of the booked fills by its id, so the ledger can take exactly that one back.
    expect(fills.map((f) => f.fillId)).toContain(reversed[0]?.fillId);
    expect(reversed[0]).toMatchObject({ isTaker: false, outcome: "no", sizeHundredths: 500 });
    const settled = events.flatMap((e) => (e.kind === "fill.settled" ? [e.fill.fillId] : []));
    expect(settled).toEqual(fills.map((f) => f.fillId).filter((id) => id !== reversed[0]?.fillId));
    // The same outcome read back over REST, for a bot that missed the user channel's updates.
    const read = await maker.exec.settlementsIn(plain.conditionId);
    expect(read.ok ? { failed: read.value.failed.map((f) => f.fillId), confirmed: read.value.confirmed } : read).toEqual({
      failed: [reversed[0]?.fillId],
      confirmed: settled,
    });
    expect(events.filter((e) => e.kind === "order.updated").at(-1)).toMatchObject({ order: { status: "executed", filledHundredths: 1000 } });
    // The failed trade was undone: the maker holds only the 5 NO shares of the trade that settled.
    expect(await maker.exec.positions()).toMatchObject({ ok: true, value: [{ positionHundredths: -500 }] });
  });

  it("book + price_change build the book REST serves; after killConnections it re-seeds and stays equal", async () => {
    const { plain } = marketsOf(sim);
    sim.control.setPolymarketBook(plain.yes, {
      bids: [
        [4000, 1000],
        [3900, 500],
      ],
      asks: [
        [4200, 700],
        [4300, 900],
      ],
    });
    const c = await client();
    const engine = createEngine("ts-twin");
    const pair = engine.addPair(engine.addSchedule(kalshiSchedule()), engine.addSchedule(polymarketSchedule(50_000, 1)));
    const events: VenueEvent[] = [];
    const config = configFor(sim, undefined);
    const clob = new PolymarketClob({ config });
    const md = new PolymarketMarketData({ config, clob, engine, sink: (e) => events.push(e), logger: silent, registry: new MarketRegistry() });
    closers.push(
      () => clob.close(),
      () => md.close(),
    );
    await md.trackAsync([{ market: plain.conditionId, pair }]);
    md.start();
    const levels = (token: string) => {
      const b = md.feed.book(token);
      if (b === undefined) return undefined;
      const read = (l: Ladder) => levelsOf(l).map(([price, size]) => ({ price, size }));
      return { bids: read(b.bids), asks: read(b.asks) };
    };
    const rest = async (token: string) => {
      const r = await clob.book(token);
      if (!r.ok) throw new Error(r.error.message);
      const byPrice = (x: { price: number }, y: { price: number }) => x.price - y.price;
      return { bids: [...r.value.bids].sort(byPrice).reverse(), asks: [...r.value.asks].sort(byPrice) };
    };
    const equal = async () => {
      for (const token of [plain.yes, plain.no]) {
        const want = await rest(token);
        await waitFor(`book of ${token.slice(0, 6)} equals REST`, () => JSON.stringify(levels(token)) === JSON.stringify(want));
      }
    };
    await waitFor("live", () => events.some((e) => e.kind === "book.top-changed" && e.yesAskUnits === 4200 && e.noAskUnits === 6000));
    await equal();
    // price_change: a trade through two levels, a new resting bid and a cancel.
    await c.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 4300, 1000, "fill_or_kill"));
    const resting = await c.exec.placeOrder(intent(plain.conditionId, "no", "buy", 5500, 800, "good_till_canceled"));
    await c.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 4100, 600, "good_till_canceled"));
    await c.exec.cancelOrder(resting.ok ? resting.value.orderId : "");
    await equal();
    expect(md.counters()["dropped:json"]).toBeUndefined();

    sim.control.killConnections("polymarket");
    await waitFor("stale", () => events.some((e) => e.kind === "book.stale"));
    await waitFor("restored", () => events.some((e) => e.kind === "book.restored"));
    await c.exec.placeOrder(intent(plain.conditionId, "yes", "sell", 4000, 500, "fill_or_kill"));
    await equal();
    expect(md.counters()["reseeded"]).toBeGreaterThanOrEqual(2);
  });

  it("binds one market to two pairs of opposite polarity: swapped books from one subscription, and an order by the inverted key buys the other token", async () => {
    const { plain } = marketsOf(sim);
    sim.control.setPolymarketBook(plain.yes, { bids: [[4000, 1000]], asks: [[4200, 700]] });
    const c = await client();
    const engine = createEngine("ts-twin");
    const ks = engine.addSchedule(kalshiSchedule());
    const ps = engine.addSchedule(polymarketSchedule(50_000, 1));
    const [direct, inverted] = [engine.addPair(ks, ps), engine.addPair(ks, ps)];
    const events: VenueEvent[] = [];
    const config = configFor(sim, undefined);
    const clob = new PolymarketClob({ config });
    const md = new PolymarketMarketData({ config, clob, engine, sink: (e) => events.push(e), logger: silent, registry: c.exec.registry });
    closers.push(
      () => clob.close(),
      () => md.close(),
    );
    const key = polymarketMarketKey(plain.conditionId, true);
    await md.trackAsync([
      { market: plain.conditionId, pair: direct },
      { market: key, pair: inverted },
    ]);
    expect(md.feed.tokenIds().sort()).toEqual([plain.yes, plain.no].sort());
    md.start();
    const top = (pair: number) => events.filter((e) => e.kind === "book.top-changed" && e.pair === pair).at(-1);
    await waitFor("both pairs live", () => top(direct) !== undefined && top(inverted) !== undefined);
    expect(top(direct)).toMatchObject({ market: plain.conditionId, yesAskUnits: 4200, noAskUnits: 6000 });
    expect(top(inverted)).toMatchObject({ market: key, yesAskUnits: 6000, noAskUnits: 4200 });

    // The inverted pair's YES is the market's second token: its order buys that token, found again under the key.
    const r = await c.exec.placeOrder(intent(key, "yes", "buy", 6000, 500, "fill_or_kill", "inv"));
    expect(r).toMatchObject({ ok: true, value: { filledHundredths: 500 } });
    expect(await c.exec.positions()).toMatchObject({ ok: true, value: [{ market: plain.conditionId, positionHundredths: -500 }] });
    const found = await c.exec.findOrder(key, r.ok ? r.value.clientOrderId : "");
    expect(found).toMatchObject({ ok: true, value: { orderId: r.ok ? r.value.orderId : "" } });
  });
});

describe("Polymarket client ↔ simulator: rate limits", () => {
  beforeEach(async () => {
    sim = await quietPolySim();
  });

  it("a 429 is retried for reads and surfaced as RATE_LIMITED (retryable) for reads and orders", async () => {
    const { plain } = marketsOf(sim);
    const c = await client();
    await c.exec.refreshVersion();
    await c.exec.prepare(plain.conditionId);
    sim.control.setRateLimit("polymarket", { readPerSec: 1, writePerSec: 1 });
    const reads = await Promise.all(Array.from({ length: 14 }, () => c.clob.book(plain.yes)));
    const limited = reads.filter((r) => !r.ok);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((r) => !r.ok && r.error.code === "POLYMARKET_RATE_LIMITED" && r.error.outcome === "retryable")).toBe(true);
    const orders = await Promise.all(
      Array.from({ length: 12 }, () => c.exec.placeOrder(intent(plain.conditionId, "yes", "buy", 1000, 500, "good_till_canceled"))),
    );
    const refused = orders.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => !r.ok && r.error.code === "POLYMARKET_RATE_LIMITED")).toBe(true);
  });
});
