import { fixtureText } from "@arb/venue-fixtures";
import { NO_ASK, createEngine } from "@arb/core-wasm";
import { LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES, intToDecimal, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import fc from "fast-check";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { VenueEvent } from "../ports.js";
import { levelsOf } from "../net/ladder.js";
import { checkTokenBooks } from "./consistency.js";
import { PolymarketFeed } from "./feed.js";
import { PolyBookSummary } from "./wire.js";

const YES = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
const NO = "52114319501245915516055106046884209969926127482827954674443846427813813222426";
const MARKET = "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1";

function setup(maxFrameBytes = 64 * 1024, maxAheadMs?: number) {
  const engine = createEngine("ts-twin");
  const pair = engine.addPair(engine.addSchedule(kalshiSchedule(0)), engine.addSchedule(polymarketSchedule(0, 1)));
  const events: VenueEvent[] = [];
  const feed = new PolymarketFeed({
    engine,
    sink: (e) => events.push(e),
    logger: pino({ level: "silent" }),
    now: () => 1_000,
    maxFrameBytes,
    ...(maxAheadMs !== undefined && { maxAheadMs }),
  });
  feed.track(MARKET, pair, YES, NO);
  return { engine, pair, events, feed };
}

const book = (asset: string, asks: Array<[number, number]>, ts: number, bids: Array<[number, number]> = []) => ({
  event_type: "book",
  asset_id: asset,
  market: MARKET,
  bids: bids.map(([p, s]) => ({ price: intToDecimal(p, 4), size: intToDecimal(s, 2) })),
  asks: asks.map(([p, s]) => ({ price: intToDecimal(p, 4), size: intToDecimal(s, 2) })),
  timestamp: String(ts),
  hash: "0xabc",
});
const change = (ts: number, ...c: Array<[string, "BUY" | "SELL", number, number]>) => ({
  event_type: "price_change",
  market: MARKET,
  price_changes: c.map(([asset_id, side, p, s]) => ({ asset_id, price: intToDecimal(p, 4), size: intToDecimal(s, 2), side, hash: "h" })),
  timestamp: String(ts),
});

describe("polymarket feed", () => {
  it("drops a snapshot or change stamped further ahead of the clock than the tolerance: the book keeps taking later frames", () => {
    const { engine, pair, events, feed } = setup(64 * 1024, 60_000);
    feed.handle(JSON.stringify([book(YES, [[5200, 2500]], 900), book(NO, [[4900, 1000]], 900)]));
    // 2^53 ms and a real timestamp with one digit inserted: both would freeze the book if adopted.
    feed.handle(JSON.stringify(book(YES, [[6000, 100]], 2 ** 53)));
    feed.handle(JSON.stringify(change(17_000_000_000_000, [YES, "SELL", 5100, 100])));
    expect(feed.counters()["dropped:future_timestamp"]).toBe(2);
    expect(events.filter((e) => e.kind === "frame.dropped").map((e) => e.kind === "frame.dropped" && e.reason)).toEqual([
      "future_timestamp",
      "future_timestamp",
    ]);
    // Within the tolerance (a venue clock 30 s ahead) it is taken, and later frames still apply.
    feed.handle(JSON.stringify(change(31_000, [YES, "SELL", 5180, 300])));
    feed.handle(JSON.stringify(change(31_001, [YES, "SELL", 5150, 700])));
    expect([engine.views().ask[LEG_POLY_YES][pair], engine.views().size[LEG_POLY_YES][pair]]).toEqual([5150, 700]);
  });

  it("writes both best asks into the core once both books are seeded, and reports the top", () => {
    const { engine, pair, events, feed } = setup();
    feed.handle(
      JSON.stringify(
        book(
          YES,
          [
            [5200, 2500],
            [5300, 6000],
          ],
          10,
        ),
      ),
    );
    expect(engine.views().ask[LEG_POLY_YES][pair]).toBe(NO_ASK);
    feed.handle(JSON.stringify([book(NO, [[4900, 1000]], 10)]));
    expect([engine.views().ask[LEG_POLY_YES][pair], engine.views().size[LEG_POLY_YES][pair]]).toEqual([5200, 2500]);
    expect([engine.views().ask[LEG_POLY_NO][pair], engine.views().size[LEG_POLY_NO][pair]]).toEqual([4900, 1000]);
    expect(events.filter((e) => e.kind === "book.top-changed")).toHaveLength(1);

    // One message covering both tokens (a NO ask and its mirror, a YES bid): one top-changed event, both legs written.
    feed.handle(JSON.stringify(change(11, [YES, "SELL", 5200, 0], [NO, "SELL", 4800, 500], [YES, "BUY", 5200, 500])));
    expect(engine.views().ask[LEG_POLY_YES][pair]).toBe(5300);
    expect(engine.views().ask[LEG_POLY_NO][pair]).toBe(4800);
    expect(events.filter((e) => e.kind === "book.top-changed")).toHaveLength(2);

    // A change behind the top does not reach the core.
    feed.handle(JSON.stringify(change(12, [YES, "SELL", 5500, 100])));
    expect(events.filter((e) => e.kind === "book.top-changed")).toHaveLength(2);
  });

  it("reports an arb when a top change makes one", () => {
    const { engine, pair, events, feed } = setup();
    engine.setAsk(pair, LEG_KALSHI_NO, 4000, 10_000);
    feed.handle(JSON.stringify([book(YES, [[6500, 1000]], 1), book(NO, [[4600, 1000]], 1)]));
    expect(events.some((e) => e.kind === "arb.detected")).toBe(false);
    feed.handle(JSON.stringify(change(2, [YES, "SELL", 5500, 700])));
    const arb = events.find((e) => e.kind === "arb.detected");
    expect(arb).toMatchObject({ kind: "arb.detected", venue: "polymarket", pair, type: "poly_yes_kalshi_no", edgeUnits: 500, sizeHundredths: 700 });
  });

  it("tracks the tick, clears legs on resolution and on reset, and reports the restore", () => {
    const { engine, pair, events, feed } = setup();
    feed.handle(JSON.stringify([book(YES, [[5200, 100]], 1), book(NO, [[4900, 100]], 1)]));
    feed.handle(fixtureText("polymarket", "ws", "guide-market_tick_size_change.json").replace(/65818[0-9]+/, YES));
    expect(feed.book(YES)?.tickUnits).toBe(10);
    feed.reset("disconnected");
    expect(engine.views().ask[LEG_POLY_YES][pair]).toBe(NO_ASK);
    expect(events.at(-1)).toMatchObject({ kind: "book.stale", cause: "disconnected", pair });
    // The REST re-seed restores the pair without waiting for the socket's book events.
    feed.seed([PolyBookSummary.parse(book(YES, [[5300, 100]], 5)), PolyBookSummary.parse(book(NO, [[4800, 100]], 5))]);
    expect(events.at(-2)).toMatchObject({ kind: "book.restored", pair });
    expect(engine.views().ask[LEG_POLY_YES][pair]).toBe(5300);
    feed.handle(JSON.stringify(change(6, [YES, "SELL", 5250, 100])));
    feed.seed([PolyBookSummary.parse(book(YES, [[5300, 100]], 5))]);
    expect(feed.counters()["ignored:older_snapshot"]).toBe(1);
    expect(engine.views().ask[LEG_POLY_YES][pair]).toBe(5250);
    feed.handle(
      JSON.stringify({ event_type: "market_resolved", market: MARKET, assets_ids: [YES, NO], winning_asset_id: YES, winning_outcome: "Yes", timestamp: "9" }),
    );
    expect(engine.views().ask[LEG_POLY_NO][pair]).toBe(NO_ASK);
  });
});

describe("one market, two pairs of opposite polarity", () => {
  // The two team markets of a Kalshi game against one team-vs-team market: pair A's YES is pair B's NO.
  function setupShared() {
    const engine = createEngine("ts-twin");
    const ks = engine.addSchedule(kalshiSchedule(0));
    const ps = engine.addSchedule(polymarketSchedule(0, 1));
    const a = engine.addPair(ks, ps);
    const b = engine.addPair(ks, ps);
    const events: VenueEvent[] = [];
    const feed = new PolymarketFeed({ engine, sink: (e) => events.push(e), logger: pino({ level: "silent" }), now: () => 1_000, maxFrameBytes: 64 * 1024 });
    const fresh = [feed.track(MARKET, a, YES, NO), feed.track(`${MARKET}:inverted`, b, NO, YES)];
    const ask = (pair: number, leg: number) => [engine.views().ask[leg]?.[pair], engine.views().size[leg]?.[pair]];
    return { engine, a, b, events, feed, fresh, ask };
  }

  it("writes one frame's tops into both pairs, each on its own leg, and checks each pair", () => {
    const { engine, a, b, events, feed, fresh, ask } = setupShared();
    expect(fresh).toEqual([[YES, NO], []]);
    feed.handle(JSON.stringify([book(YES, [[5200, 2500]], 10), book(NO, [[4900, 1000]], 10)]));
    expect([ask(a, LEG_POLY_YES), ask(a, LEG_POLY_NO)]).toEqual([
      [5200, 2500],
      [4900, 1000],
    ]);
    expect([ask(b, LEG_POLY_YES), ask(b, LEG_POLY_NO)]).toEqual([
      [4900, 1000],
      [5200, 2500],
    ]);

    // Kalshi NO of B at 0.45 + B's Poly YES (the NO token) once it drops to 0.50: an arb on B only.
    engine.setAsk(b, LEG_KALSHI_NO, 4500, 10_000);
    feed.handle(JSON.stringify(change(11, [NO, "SELL", 4900, 0], [NO, "SELL", 5000, 700], [YES, "SELL", 5100, 300])));
    expect([ask(a, LEG_POLY_YES), ask(a, LEG_POLY_NO)]).toEqual([
      [5100, 300],
      [5000, 700],
    ]);
    expect([ask(b, LEG_POLY_YES), ask(b, LEG_POLY_NO)]).toEqual([
      [5000, 700],
      [5100, 300],
    ]);
    const tops = events.filter((e) => e.kind === "book.top-changed");
    expect(tops.slice(-2)).toEqual([
      expect.objectContaining({ market: MARKET, pair: a, yesAskUnits: 5100, noAskUnits: 5000 }),
      expect.objectContaining({ market: `${MARKET}:inverted`, pair: b, yesAskUnits: 5000, noAskUnits: 5100 }),
    ]);
    expect(events.filter((e) => e.kind === "arb.detected")).toEqual([
      expect.objectContaining({ pair: b, type: "poly_yes_kalshi_no", edgeUnits: 500, sizeHundredths: 700 }),
    ]);
  });

  it("reports a frame's opportunities once it is applied, the most profitable first, whichever pair it touched first", () => {
    const { engine, a, b, events, feed } = setupShared();
    feed.handle(JSON.stringify([book(YES, [[5200, 2500]], 10), book(NO, [[5300, 2500]], 10)]));
    // Both pairs can buy the NO token: A as its NO (against Kalshi YES at 0.48), B as its YES (against Kalshi NO at 0.46).
    engine.setAsk(a, LEG_KALSHI_YES, 4800, 10_000);
    engine.setAsk(b, LEG_KALSHI_NO, 4600, 10_000);
    feed.handle(JSON.stringify(change(11, [NO, "SELL", 5300, 0], [NO, "SELL", 4900, 1000])));
    // B (edge 5 ¢) before A (3 ¢), though the frame wrote A's legs first.
    expect(events.filter((e) => e.kind === "arb.detected").map((e) => [e.pair, e.edgeUnits])).toEqual([
      [b, 500],
      [a, 300],
    ]);
  });

  it("marks both pairs stale on reset, restores both from one seed, and keeps a shared token until its last pair goes", () => {
    const { a, b, events, feed, ask } = setupShared();
    feed.handle(JSON.stringify([book(YES, [[5200, 100]], 1), book(NO, [[4900, 100]], 1)]));
    feed.reset("disconnected");
    expect(events.filter((e) => e.kind === "book.stale").map((e) => e.pair)).toEqual([a, b]);
    expect(ask(b, LEG_POLY_YES)).toEqual([NO_ASK, 0]);
    feed.seed([PolyBookSummary.parse(book(YES, [[5300, 100]], 5)), PolyBookSummary.parse(book(NO, [[4800, 100]], 5))]);
    expect(events.filter((e) => e.kind === "book.restored").map((e) => e.pair)).toEqual([a, b]);
    expect(ask(b, LEG_POLY_NO)).toEqual([5300, 100]);
    expect(feed.untrack(MARKET)).toEqual([]);
    expect(ask(a, LEG_POLY_YES)).toEqual([NO_ASK, 0]);
    feed.handle(JSON.stringify(change(6, [YES, "SELL", 5250, 100])));
    expect(ask(b, LEG_POLY_NO)).toEqual([5250, 100]);
    expect(feed.untrack(`${MARKET}:inverted`).sort()).toEqual([YES, NO].sort());
    expect(feed.tokenIds()).toEqual([]);
  });

  it("puts a pair bound to already-seeded tokens live at once, and clears every pair of a resolved market", () => {
    const engine = createEngine("ts-twin");
    const s = engine.addSchedule(polymarketSchedule(0, 1));
    const a = engine.addPair(s, s);
    const b = engine.addPair(s, s);
    const feed = new PolymarketFeed({ engine, sink: () => {}, logger: pino({ level: "silent" }), now: () => 1_000, maxFrameBytes: 64 * 1024 });
    feed.track(MARKET, a, YES, NO);
    feed.handle(JSON.stringify([book(YES, [[5200, 100]], 1), book(NO, [[4900, 100]], 1)]));
    feed.track(`${MARKET}:inverted`, b, NO, YES);
    expect(engine.views().ask[LEG_POLY_YES][b]).toBe(4900);
    feed.handle(
      JSON.stringify({
        event_type: "market_resolved",
        market: MARKET,
        assets_ids: [YES, NO],
        winning_asset_id: YES,
        winning_outcome: "Lakers",
        timestamp: "9",
      }),
    );
    expect([engine.views().ask[LEG_POLY_YES][a], engine.views().ask[LEG_POLY_YES][b]]).toEqual([NO_ASK, NO_ASK]);
    expect(feed.counters()["market_resolved"]).toBe(1);
  });
});

describe("crossed books are not traded", () => {
  // One YES-space book, bid 0.48 / ask 0.52, shown on both tokens (each book mirrors the other's orders).
  const mirrored = (ts: number) => [book(YES, [[5200, 1000]], ts, [[4800, 1000]]), book(NO, [[5200, 1000]], ts, [[4800, 1000]])];

  function setupShared(bookConsistency?: "refuse" | "off") {
    const engine = createEngine("ts-twin");
    const ks = engine.addSchedule(kalshiSchedule(0));
    const ps = engine.addSchedule(polymarketSchedule(0, 1));
    const a = engine.addPair(ks, ps);
    const b = engine.addPair(ks, ps);
    const events: VenueEvent[] = [];
    const feed = new PolymarketFeed({
      engine,
      sink: (e) => events.push(e),
      logger: pino({ level: "silent" }),
      now: () => 1_000,
      maxFrameBytes: 64 * 1024,
      ...(bookConsistency !== undefined && { bookConsistency }),
    });
    feed.track(MARKET, a, YES, NO);
    feed.track(`${MARKET}:inverted`, b, NO, YES);
    // Kalshi NO of pair A at 0.50: with Poly YES at 0.52 no arb; at 0.49 one.
    engine.setAsk(a, LEG_KALSHI_NO, 5000, 10_000);
    feed.handle(JSON.stringify(mirrored(1)));
    const legs = (pair: number) => [engine.views().ask[LEG_POLY_YES][pair], engine.views().ask[LEG_POLY_NO][pair]];
    return { engine, a, b, events, feed, legs };
  }

  it("refuses a half-applied change for every pair of the market, once, until the frame with its mirror arrives", () => {
    const { a, b, events, feed, legs } = setupShared();
    expect([legs(a), legs(b)]).toEqual([
      [5200, 5200],
      [5200, 5200],
    ]);
    const before = events.length;
    // A new YES ask at 0.49 without its mirror (a NO bid at 0.51): the YES book sells for less than the NO book says.
    feed.handle(JSON.stringify(change(2, [YES, "SELL", 4900, 500])));
    expect([legs(a), legs(b)]).toEqual([
      [NO_ASK, NO_ASK],
      [NO_ASK, NO_ASK],
    ]);
    expect([feed.consistent(MARKET), feed.consistent(`${MARKET}:inverted`)]).toEqual([false, false]);
    expect(events.slice(before)).toEqual([
      { kind: "book.stale", venue: "polymarket", market: MARKET, pair: a, cause: "inconsistent_book" },
      { kind: "book.stale", venue: "polymarket", market: `${MARKET}:inverted`, pair: b, cause: "inconsistent_book" },
    ]);
    // Still crossed after another frame: nothing more.
    feed.handle(JSON.stringify(change(3, [YES, "SELL", 5300, 100])));
    expect(events.slice(before)).toHaveLength(2);
    expect(feed.counters()).toEqual({ inconsistent_book: 2 });
    // The mirror arrives: both pairs restored with the real asks, and the arb is real now.
    feed.handle(JSON.stringify(change(4, [NO, "BUY", 5100, 500])));
    expect([legs(a), legs(b)]).toEqual([
      [4900, 5200],
      [5200, 4900],
    ]);
    expect([feed.consistent(MARKET), feed.consistent(`${MARKET}:inverted`)]).toEqual([true, true]);
    const after = events.slice(before + 2);
    expect(after.filter((e) => e.kind === "book.restored").map((e) => e.pair)).toEqual([a, b]);
    expect(after.find((e) => e.kind === "book.restored")).toEqual({ kind: "book.restored", venue: "polymarket", market: MARKET, pair: a });
    expect(events.filter((e) => e.kind === "arb.detected")).toEqual([expect.objectContaining({ pair: a, type: "poly_yes_kalshi_no", edgeUnits: 100 })]);
    expect(feed.counters()).toEqual({ inconsistent_book: 2 });
  });

  it("checks bids too: a crossing bid empties the legs though no ask moved", () => {
    const { a, events, feed, legs } = setupShared();
    feed.handle(JSON.stringify(change(2, [NO, "BUY", 5300, 100])));
    expect(legs(a)).toEqual([NO_ASK, NO_ASK]);
    expect(events.at(-1)).toMatchObject({ kind: "book.stale", cause: "inconsistent_book" });
  });

  it("a reset while refused reports the loss, and a consistent re-seed restores the pair once", () => {
    const { a, b, events, feed, legs } = setupShared();
    feed.handle(JSON.stringify(change(2, [YES, "SELL", 4900, 500])));
    feed.reset("disconnected");
    feed.seed(mirrored(5).map((x) => PolyBookSummary.parse(x)));
    expect(events.filter((e) => e.kind === "book.stale").map((e) => [e.pair, e.cause])).toEqual([
      [a, "inconsistent_book"],
      [b, "inconsistent_book"],
      [a, "disconnected"],
      [b, "disconnected"],
    ]);
    expect(events.filter((e) => e.kind === "book.restored").map((e) => e.pair)).toEqual([a, b]);
    expect(legs(a)).toEqual([5200, 5200]);
  });

  it("with bookConsistency off, trades the half-applied view as it stands", () => {
    const { a, events, feed, legs } = setupShared("off");
    feed.handle(JSON.stringify(change(2, [YES, "SELL", 4900, 500])));
    expect(legs(a)).toEqual([4900, 5200]);
    expect(feed.consistent(MARKET)).toBe(true);
    expect(events.some((e) => e.kind === "arb.detected")).toBe(true);
    expect(feed.counters()).toEqual({});
  });
});

/** The malformed-input suite: junk mixed into a valid stream is counted and dropped; the book matches a reference. */
describe("malformed input", () => {
  type Junk = { kind: "junk"; text: string; reason: string; times: number };

  const level = fc.tuple(fc.integer({ min: 1, max: 9_999 }), fc.integer({ min: 0, max: 100_000 }));
  const asset = fc.constantFrom(YES, NO);
  const validChange = fc.array(fc.tuple(asset, fc.constantFrom("BUY" as const, "SELL" as const), level), { minLength: 1, maxLength: 3 });
  const junk: fc.Arbitrary<Junk> = fc.oneof(
    fc.constant({ kind: "junk" as const, text: '{"event_type":"price_change","market":"0x5f', reason: "dropped:json", times: 1 }),
    fc.constant({ kind: "junk" as const, text: "PONG", reason: "", times: 1 }),
    fc.constant({ kind: "junk" as const, text: '{"event_type":"mystery","asset_id":"1"}', reason: "dropped:unknown_event_type", times: 1 }),
    fc.constant({ kind: "junk" as const, text: '[1,null,"x"]', reason: "dropped:not_object", times: 3 }),
    fc.constant({
      kind: "junk" as const,
      text: `{"event_type":"book","asset_id":"${YES}","market":"m","bids":"none","asks":[],"timestamp":"1","hash":"h"}`,
      reason: "dropped:schema:book:bids",
      times: 1,
    }),
    fc.constant({
      kind: "junk" as const,
      text: JSON.stringify({ ...change(1, [YES, "SELL", 5000, 1]), timestamp: 7 }),
      reason: "dropped:schema:price_change:timestamp",
      times: 1,
    }),
    fc.constant({
      kind: "junk" as const,
      text: JSON.stringify({ ...change(1, [NO, "SELL", 5000, 1]), price_changes: [{ asset_id: NO, price: "0.50001", size: "1", side: "SELL", hash: "h" }] }),
      reason: "dropped:schema:price_change:price_changes.0.price",
      times: 1,
    }),
    fc.constant({
      kind: "junk" as const,
      text: `[${JSON.stringify(change(1, [YES, "SELL", 5000, 1]))}${" ".repeat(5000)}]`,
      reason: "dropped:oversized",
      times: 1,
    }),
  );

  it("survives any mix and ends with the book a reference rebuilt from the valid events", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { weight: 3, arbitrary: validChange.map((c) => ({ kind: "change" as const, c })) },
            { weight: 1, arbitrary: fc.tuple(asset, fc.array(level, { maxLength: 4 })).map(([a, asks]) => ({ kind: "book" as const, a, asks })) },
            { weight: 2, arbitrary: junk },
          ),
          { maxLength: 30 },
        ),
        fc.boolean(),
        (ops, asArray) => {
          const { feed, events, engine, pair } = setup(4_000);
          const ref = new Map<string, { seeded: boolean; asks: Map<number, number>; bids: Map<number, number> }>();
          for (const t of [YES, NO]) ref.set(t, { seeded: false, asks: new Map(), bids: new Map() });
          let ts = 0;
          const expectedDrops: Record<string, number> = {};
          for (const op of ops) {
            ts++;
            if (op.kind === "junk") {
              feed.handle(op.text);
              if (op.reason !== "") expectedDrops[op.reason] = (expectedDrops[op.reason] ?? 0) + op.times;
              continue;
            }
            if (op.kind === "book") {
              const v = book(
                op.a,
                op.asks.filter(([, s]) => s > 0),
                ts,
              );
              feed.handle(JSON.stringify(asArray ? [v] : v));
              const r = ref.get(op.a)!;
              r.seeded = true;
              r.bids.clear();
              r.asks = new Map(op.asks.filter(([, s]) => s > 0));
              continue;
            }
            const v = change(ts, ...op.c.map(([a, side, [p, s]]) => [a, side, p, s] as [string, "BUY" | "SELL", number, number]));
            feed.handle(JSON.stringify(asArray ? [v, { event_type: "nope" }] : v));
            if (asArray) expectedDrops["dropped:unknown_event_type"] = (expectedDrops["dropped:unknown_event_type"] ?? 0) + 1;
            for (const [a, side, [p, s]] of op.c) {
              const r = ref.get(a)!;
              if (!r.seeded) continue;
              const m = side === "SELL" ? r.asks : r.bids;
              if (s === 0) m.delete(p);
              else m.set(p, s);
            }
          }
          for (const t of [YES, NO]) {
            const r = ref.get(t)!;
            expect(levelsOf(feed.book(t)!.asks)).toEqual([...r.asks].sort((x, y) => x[0] - y[0]));
            expect(levelsOf(feed.book(t)!.bids)).toEqual([...r.bids].sort((x, y) => y[0] - x[0]));
          }
          const drops = Object.fromEntries(Object.entries(feed.counters()).filter(([k]) => k.startsWith("dropped:")));
          expect(drops).toEqual(expectedDrops);
          expect(events.filter((e) => e.kind === "frame.dropped")).toHaveLength(Object.values(expectedDrops).reduce((a, b) => a + b, 0));
          const yes = ref.get(YES)!;
          const no = ref.get(NO)!;
          if (yes.seeded && no.seeded) {
            // Crossed books (random levels often are) reach the core as empty legs.
            const best = [...yes.asks.keys()].sort((a, b) => a - b)[0] ?? NO_ASK;
            const consistent = checkTokenBooks(feed.book(YES)!, feed.book(NO)!);
            expect(engine.views().ask[LEG_POLY_YES][pair]).toBe(consistent ? best : NO_ASK);
            expect(feed.consistent(MARKET)).toBe(consistent);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
