import { decimalToInt } from "@arb/domain";
import { afterEach, describe, expect, it } from "vitest";
import { type ArbWindow, type Sim, parseScenario, startSim } from "../src/index.js";
import { type Json, type Trader, WsClient, kalshi, newTrader, waitFor } from "./helpers.js";
import { KalshiWsFrame } from "./kalshi-ws-schemas.js";
import { type PolyTrader, PolyWs, limit, newPolyTrader, postOrder } from "./polymarket-helpers.js";
import { MarketEvent } from "./polymarket-ws-schemas.js";

/**
 * A client rebuilds both venues' books from the simulator's streams and checks, after every frame, that what it holds
 * is a state the engine could have had: never crossed, Polymarket's two tokens the mirror of one YES-space book, and
 * at quiet points equal to the venue's own REST book. Generated makers requote every tick, cross-venue windows open
 * and close on both venues, and a trader lifts both legs of each window.
 */

const units = (text: string): number => decimalToInt(text, 4) ?? Number.NaN;
const hundredths = (text: string): number => decimalToInt(text, 2) ?? Number.NaN;
type Levels = Map<number, number>;
const best = (levels: Levels, highest: boolean): number | undefined => {
  const prices = [...levels.keys()];
  return prices.length === 0 ? undefined : highest ? Math.max(...prices) : Math.min(...prices);
};
const sorted = (levels: Levels): [number, number][] => [...levels].sort((a, b) => a[0] - b[0]);

/** Kalshi's book as the channel describes it: YES bids and NO bids, each on its own leg's price. */
class KalshiBooks {
  readonly books = new Map<string, { yes: Levels; no: Levels }>();
  readonly violations: string[] = [];
  readonly seqs = new Map<number, number>();
  frames = 0;

  apply(f: Json): void {
    if (f.type !== "orderbook_snapshot" && f.type !== "orderbook_delta") return;
    this.frames += 1;
    const where = `frame ${this.frames} ${JSON.stringify(f)}`;
    const last = this.seqs.get(f.sid);
    if (last !== undefined && f.seq !== last + 1) this.violations.push(`seq ${f.seq} after ${last}: ${where}`);
    this.seqs.set(f.sid, f.seq);
    if (KalshiWsFrame.safeParse(f).error !== undefined) this.violations.push(`schema: ${where}`);
    const m = f.msg;
    if (f.type === "orderbook_snapshot") {
      const side = (levels: [string, string][] | undefined): Levels => new Map((levels ?? []).map(([p, s]) => [units(p), hundredths(s)]));
      this.books.set(m.market_ticker, { yes: side(m.yes_dollars_fp), no: side(m.no_dollars_fp) });
    } else {
      const book = this.books.get(m.market_ticker);
      if (book === undefined) return void this.violations.push(`delta before snapshot: ${where}`);
      const levels = m.side === "yes" ? book.yes : book.no;
      const p = units(m.price_dollars);
      const size = (levels.get(p) ?? 0) + hundredths(m.delta_fp);
      if (hundredths(m.delta_fp) === 0) this.violations.push(`zero delta: ${where}`);
      if (size < 0) this.violations.push(`negative size: ${where}`);
      if (size <= 0) levels.delete(p);
      else levels.set(p, size);
    }
    const book = this.books.get(m.market_ticker);
    const yes = book === undefined ? undefined : best(book.yes, true);
    const no = book === undefined ? undefined : best(book.no, true);
    // A YES bid and a NO bid that sum to $1 or more would have traded: the engine never rests that.
    if (yes !== undefined && no !== undefined && yes + no >= 10_000) this.violations.push(`crossed (yes ${yes} + no ${no}): ${where}`);
  }
}

/** Polymarket's books per token, and which two tokens make one market. */
class PolymarketBooks {
  readonly books = new Map<string, { bids: Levels; asks: Levels }>();
  readonly violations: string[] = [];
  frames = 0;
  constructor(private readonly markets: ReadonlyMap<string, readonly [string, string]>) {}

  private book(asset: string): { bids: Levels; asks: Levels } {
    const b = this.books.get(asset) ?? { bids: new Map(), asks: new Map() };
    this.books.set(asset, b);
    return b;
  }

  /** One WS message: its events (one, or several as an array) apply together, then the books are checked. */
  apply(events: readonly Json[]): void {
    this.frames += 1;
    const where = `frame ${this.frames} ${JSON.stringify(events)}`;
    const touched = new Set<string>();
    for (const e of events) {
      if (MarketEvent.safeParse(e).error !== undefined) this.violations.push(`schema: ${where}`);
      if (e.event_type === "book") {
        const side = (levels: { price: string; size: string }[]): Levels => new Map(levels.map((l) => [units(l.price), hundredths(l.size)]));
        this.books.set(e.asset_id, { bids: side(e.bids), asks: side(e.asks) });
      } else if (e.event_type === "price_change") {
        for (const c of e.price_changes) {
          const levels = c.side === "BUY" ? this.book(c.asset_id).bids : this.book(c.asset_id).asks;
          if (hundredths(c.size) === 0) levels.delete(units(c.price));
          else levels.set(units(c.price), hundredths(c.size));
        }
        // Every entry's best bid and ask are the token's book once the whole event is applied.
        for (const c of e.price_changes) {
          const b = this.book(c.asset_id);
          const top = { bid: best(b.bids, true) ?? 0, ask: best(b.asks, false) ?? 10_000 };
          if (units(c.best_bid) !== top.bid || units(c.best_ask) !== top.ask)
            this.violations.push(`best ${c.best_bid}/${c.best_ask} vs book ${top.bid}/${top.ask}: ${where}`);
        }
      } else if (e.event_type === "best_bid_ask") {
        const b = this.book(e.asset_id);
        if (units(e.best_bid) !== (best(b.bids, true) ?? 0) || units(e.best_ask) !== (best(b.asks, false) ?? 10_000))
          this.violations.push(`best_bid_ask off the book: ${where}`);
      } else {
        continue;
      }
      touched.add(e.market);
    }
    for (const market of touched) this.check(market, where);
  }

  private check(market: string, where: string): void {
    const tokens = this.markets.get(market);
    if (tokens === undefined) return void this.violations.push(`unknown market: ${where}`);
    const [yes, no] = tokens.map((t) => this.book(t));
    if (yes === undefined || no === undefined) return;
    for (const [name, b] of [
      ["yes", yes],
      ["no", no],
    ] as const) {
      const bid = best(b.bids, true);
      const ask = best(b.asks, false);
      if (bid !== undefined && ask !== undefined && bid >= ask) this.violations.push(`${name} token crossed (${bid} ≥ ${ask}): ${where}`);
    }
    // Both tokens are one YES-space book: a YES ask at p is a NO bid at 1 − p, level for level.
    const mirror = (levels: Levels): [number, number][] => sorted(new Map([...levels].map(([p, s]) => [10_000 - p, s])));
    if (JSON.stringify(sorted(yes.asks)) !== JSON.stringify(mirror(no.bids)) || JSON.stringify(sorted(yes.bids)) !== JSON.stringify(mirror(no.asks))) {
      this.violations.push(`tokens disagree: ${where}`);
    }
  }
}

let sim: Sim;
const sockets: { close(): void }[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await sim?.close();
});

/** Waits until every frame sent before now has arrived: a command's answer comes after them on the same socket. */
async function drainKalshi(c: WsClient, id: number): Promise<void> {
  c.send({ id, cmd: "list_subscriptions" });
  await c.next((f) => f.id === id);
}
async function drainPolymarket(ws: PolyWs): Promise<void> {
  const pongs = ws.raw.filter((r) => r === "PONG").length;
  ws.send("PING");
  await waitFor(() => ws.raw.filter((r) => r === "PONG").length > pongs);
}

describe("the streams carry only states the engine had", () => {
  it("through requotes, cross-venue windows opening and closing on both venues, and trades: never crossed, tokens mirrored, equal to REST when quiet", async () => {
    let now = Date.now();
    sim = await startSim({
      scenario: parseScenario({
        name: "stream-states",
        seed: 5,
        games: { count: 2, leagues: ["NBA"] },
        marketMakers: { levels: 4, requoteMs: 250, volatilityBps: 300 },
        // The driven clock runs ahead of the wall clock the signatures carry.
        kalshi: { authSkewMs: 3_600_000 },
        polymarket: { authSkewSec: 3600, noiseUnits: 120, minedMs: 100, confirmedMs: 200 },
      }),
      clock: () => now,
    });
    const games = sim.control.markets().games;
    const pairs = games.flatMap((g) => g.kalshi.markets.flatMap((m) => (m.polymarket === undefined ? [] : [{ ticker: m.ticker, ...m.polymarket }])));
    const tokensOf = new Map(
      games.flatMap((g) => g.polymarket.markets.map((m) => [m.conditionId, [m.outcomes[0]?.tokenId ?? "", m.outcomes[1]?.tokenId ?? ""] as const])),
    );
    const kBooks = new KalshiBooks();
    const pBooks = new PolymarketBooks(tokensOf);
    const alice: Trader = newTrader(sim);
    const bob: PolyTrader = await newPolyTrader(sim);
    const kws = await WsClient.connect(sim, alice);
    sockets.push(kws);
    kws.ws.on("message", (d) => kBooks.apply(JSON.parse(String(d))));
    const pws = await PolyWs.open(sim.urls.polymarket.wsMarket);
    sockets.push(pws);
    pws.ws.on("message", (d) => {
      const text = String(d);
      if (text === "PONG") return;
      const v = JSON.parse(text);
      pBooks.apply(Array.isArray(v) ? v : [v]);
    });
    kws.send({ id: 1, cmd: "subscribe", params: { channels: ["orderbook_delta"], market_tickers: pairs.map((p) => p.ticker) } });
    pws.send({ assets_ids: [...tokensOf.values()].flat(), type: "market", custom_feature_enabled: true });
    let drainId = 100;
    const quiet = async (): Promise<void> => {
      await drainKalshi(kws, drainId++);
      await drainPolymarket(pws);
      for (const p of pairs) {
        const rest = (await kalshi(sim, undefined, "GET", `/markets/${p.ticker}/orderbook`)).json.orderbook_fp;
        const side = (levels: string[][]): [number, number][] =>
          levels.map(([px, s]) => [units(px ?? ""), hundredths(s ?? "")] as [number, number]).sort((a, b) => a[0] - b[0]);
        const mine = kBooks.books.get(p.ticker);
        expect([sorted(mine?.yes ?? new Map()), sorted(mine?.no ?? new Map())]).toEqual([side(rest.yes_dollars), side(rest.no_dollars)]);
      }
      for (const token of [...tokensOf.values()].flat()) {
        const rest = (await fetch(`${sim.urls.polymarket.clob}/book?token_id=${token}`).then((r) => r.json())) as Json;
        const side = (levels: { price: string; size: string }[]): [number, number][] =>
          levels.map((l) => [units(l.price), hundredths(l.size)] as [number, number]).sort((a, b) => a[0] - b[0]);
        const mine = pBooks.books.get(token);
        expect([sorted(mine?.bids ?? new Map()), sorted(mine?.asks ?? new Map())]).toEqual([side(rest.bids), side(rest.asks)]);
      }
    };
    const tick = (n: number): void => {
      for (let i = 0; i < n; i++) {
        now += 250;
        sim.control.markets();
      }
    };
    /** Lifts part of a window's legs: Kalshi IOC at the leg's ask, Polymarket FAK at its ask. */
    const lift = async (w: ArbWindow): Promise<void> => {
      for (const leg of w.legs) {
        if (leg.venue === "kalshi") {
          const yes = leg.outcome === "yes";
          const r = await kalshi(sim, alice, "POST", "/portfolio/events/orders", {
            ticker: leg.market,
            side: yes ? "bid" : "ask",
            count: "3",
            price: ((yes ? leg.askUnits : 10_000 - leg.askUnits) / 10_000).toFixed(4),
            time_in_force: "immediate_or_cancel",
            self_trade_prevention_type: "taker_at_cross",
          });
          expect(r.json.fill_count).toBe("3.00");
        } else {
          const r = await postOrder(sim, bob, { ...limit(leg.tokenId, "BUY", leg.askUnits, 500), orderType: "FAK" });
          expect(r.json.status).toBe("matched");
        }
      }
    };

    await quiet();
    tick(4);
    await quiet();
    for (let round = 0; round < 8; round++) {
      const pair = pairs[round % pairs.length];
      const w = sim.control.injectArb({
        kind: round % 2 === 0 ? "poly_yes_kalshi_no" : "kalshi_yes_poly_no",
        ticker: pair?.ticker,
        edgeBps: 150,
        sizeHundredths: 2000,
        durationMs: 1000,
      });
      await lift(w);
      tick(2);
      await quiet();
      tick(4);
      await quiet();
    }
    expect(sim.control.events().filter((e) => e.kind === "arb.window-closed")).toHaveLength(8);
    expect(kBooks.frames).toBeGreaterThan(200);
    expect(pBooks.frames).toBeGreaterThan(100);
    expect(kBooks.violations.slice(0, 3)).toEqual([]);
    expect(pBooks.violations.slice(0, 3)).toEqual([]);
  });

  it("a Kalshi requote sends one delta per changed level with its net change, and none for a level left as it was", async () => {
    sim = await startSim({
      scenario: parseScenario({ name: "net", seed: 1, startMs: 1795626000000, games: { count: 2, leagues: ["NBA"] }, marketMakers: { enabled: false } }),
    });
    const pair = sim.control.markets().games[0]?.kalshi.markets[0];
    const ticker = pair?.ticker ?? "";
    const alice = newTrader(sim);
    sim.control.setKalshiBook(ticker, {
      yes: [
        [4000, 1000],
        [4100, 2000],
      ],
      no: [
        [5000, 1000],
        [5100, 3000],
      ],
    });
    const c = await WsClient.connect(sim, alice);
    sockets.push(c);
    c.send({ id: 1, cmd: "subscribe", params: { channels: ["orderbook_delta"], market_ticker: ticker } });
    await c.next((f) => f.type === "orderbook_snapshot");
    // 4000 and 5100 stay; 4100 grows by 5, 5000 shrinks by 4, 3900 is new.
    sim.control.setKalshiBook(ticker, {
      yes: [
        [3900, 700],
        [4000, 1000],
        [4100, 2500],
      ],
      no: [
        [5000, 600],
        [5100, 3000],
      ],
    });
    await drainKalshi(c, 2);
    const deltas = (): [string, string, string][] =>
      c.frames.filter((f) => f.type === "orderbook_delta").map((f) => [f.msg.side, f.msg.price_dollars, f.msg.delta_fp]);
    // Decreases go first, so no prefix of the step shows more than the book before or after it.
    expect(deltas()[0]).toEqual(["no", "0.5000", "-4.00"]);
    expect(deltas().slice(1)).toEqual(
      expect.arrayContaining([
        ["yes", "0.3900", "7.00"],
        ["yes", "0.4100", "5.00"],
      ]),
    );
    expect(deltas()).toHaveLength(3);
    // The same cross-venue window injected twice at one instant leaves both books as they were: nothing to send.
    const w = sim.control.injectArb({ kind: "poly_yes_kalshi_no", ticker, edgeBps: 150, sizeHundredths: 700, durationMs: 5000 });
    await drainKalshi(c, 3);
    const before = deltas().length;
    expect(before).toBeGreaterThan(3);
    const pws = await PolyWs.open(sim.urls.polymarket.wsMarket);
    sockets.push(pws);
    pws.send({ assets_ids: [pair?.polymarket?.yesTokenId, pair?.polymarket?.noTokenId], type: "market" });
    await waitFor(() => pws.events().filter((e) => e.event_type === "book").length === 2);
    const again = sim.control.injectArb({ kind: "poly_yes_kalshi_no", ticker, edgeBps: 150, sizeHundredths: 700, durationMs: 5000 });
    expect(again.legs).toEqual(w.legs);
    await drainKalshi(c, 4);
    await drainPolymarket(pws);
    expect(deltas().length).toBe(before);
    expect(pws.events().filter((e) => e.event_type === "price_change")).toEqual([]);
  });
});
