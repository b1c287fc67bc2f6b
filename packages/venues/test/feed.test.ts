import { NO_ASK, createEngine } from "@arb/core-wasm";
import { LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES, intToDecimal, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import fc from "fast-check";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { SIDE_NO, SIDE_YES, ladderLevels } from "../src/kalshi/book.js";
import { KalshiFeed } from "../src/kalshi/feed.js";
import type { VenueEvent } from "../src/ports.js";

const T = "KXNBAGAME-26JAN01LALBOS-LAL";

function setup() {
  const engine = createEngine();
  const ks = engine.addSchedule(kalshiSchedule());
  const ps = engine.addSchedule(polymarketSchedule(50_000, 1));
  const pair = engine.addPair(ks, ps);
  const events: VenueEvent[] = [];
  const feed = new KalshiFeed({ engine, sink: (e) => events.push(e), logger: pino({ level: "silent" }), now: () => 1_000, maxFrameBytes: 4_096 });
  feed.track(T, pair);
  return { engine, pair, events, feed };
}

const snapshot = (sid: number, seq: number, yes: Array<[number, number]>, no: Array<[number, number]>, ticker = T) =>
  JSON.stringify({
    type: "orderbook_snapshot",
    sid,
    seq,
    msg: {
      market_ticker: ticker,
      market_id: "9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1",
      yes_dollars_fp: yes.map(([p, s]) => [intToDecimal(p, 4), intToDecimal(s, 2)]),
      no_dollars_fp: no.map(([p, s]) => [intToDecimal(p, 4), intToDecimal(s, 2)]),
    },
  });

const delta = (sid: number, seq: number, side: "yes" | "no", priceUnits: number, deltaHundredths: number, ticker = T) =>
  JSON.stringify({
    type: "orderbook_delta",
    sid,
    seq,
    msg: { market_ticker: ticker, market_id: "9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1", price_dollars: intToDecimal(priceUnits, 4), delta_fp: intToDecimal(deltaHundredths, 2), side, ts_ms: 1 },
  });

function bookOf(feed: KalshiFeed) {
  const b = feed.store.books.get(T);
  if (b === undefined) throw new Error("untracked");
  return { yes: ladderLevels(b.bids[SIDE_YES]), no: ladderLevels(b.bids[SIDE_NO]), top: [b.yesAskUnits, b.yesAskHundredths, b.noAskUnits, b.noAskHundredths], sid: b.sid };
}

const GARBAGE: Array<[string, string]> = [
  ['{"type":"orderbook_delta","sid":1,"seq":', "json"],
  ["", "json"],
  ["[1,2,3]", "not_object"],
  ["42", "not_object"],
  ['{"sid":1,"seq":2}', "no_type"],
  ['{"type":"orderbook_delta_v3","sid":1,"seq":2,"msg":{}}', "unknown_type"],
  ['{"type":"__proto__"}', "unknown_type"],
  ['{"type":"orderbook_delta","sid":"1","seq":2,"msg":{"market_ticker":"A","side":"yes","price_dollars":"0.5","delta_fp":"1"}}', "schema:orderbook_delta"],
  ['{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"A","side":"maybe","price_dollars":"0.5","delta_fp":"1"}}', "schema:orderbook_delta"],
  ['{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"A","side":"yes","price_dollars":0.5,"delta_fp":"1"}}', "schema:orderbook_delta"],
  ['{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"A","side":"yes","price_dollars":"1.2000","delta_fp":"1"}}', "schema:orderbook_delta"],
  ['{"type":"orderbook_snapshot","sid":1,"seq":2,"msg":{"market_ticker":"A","yes_dollars_fp":[["0.5","x"]]}}', "schema:orderbook_snapshot"],
  ['{"type":"fill","sid":3,"msg":{"order_id":"x"}}', "schema:fill"],
  [`{"type":"orderbook_delta","pad":"${"x".repeat(5_000)}"}`, "oversized"],
];

describe("KalshiFeed: malformed input is counted, logged and dropped", () => {
  it("survives every kind of bad frame and ends with the book the valid frames alone build", () => {
    const bad = setup();
    const ref = setup();
    const valid = [
      snapshot(1, 1, [[4000, 10_000], [4200, 1_300]], [[5400, 2_000], [5600, 1_700]]),
      delta(1, 2, "yes", 4300, 500),
      delta(1, 3, "no", 5600, -1_700),
      delta(1, 4, "no", 5500, 900),
    ];
    for (const f of valid) ref.feed.handle(f);
    for (let i = 0; i < valid.length; i++) {
      for (const [g] of GARBAGE) expect(bad.feed.handle(g)).toBeUndefined();
      bad.feed.handle(valid[i] as string);
    }
    expect(bookOf(bad.feed)).toEqual(bookOf(ref.feed));
    expect(bookOf(bad.feed).top).toEqual([4500, 900, 5700, 500]);
    const expected: Record<string, number> = {};
    for (const [, reason] of GARBAGE) expected[`dropped:${reason}`] = (expected[`dropped:${reason}`] ?? 0) + valid.length;
    expect(bad.feed.counters()).toEqual(expected);
    const dropped = bad.events.filter((e) => e.kind === "frame.dropped");
    expect(dropped).toHaveLength(GARBAGE.length * valid.length);
    for (const e of dropped) expect(e.kind === "frame.dropped" && e.sample.length).toBeLessThanOrEqual(200);
  });

  it.each([
    ["duplicate", 3, "duplicate_seq"],
    ["out-of-order", 2, "out_of_order_seq"],
    ["gap", 9, "seq_gap"],
  ] as const)("a %s seq makes the book stale, asks for a resync, and a fresh snapshot restores it", (_name, badSeq, reason) => {
    const { feed, engine, pair, events } = setup();
    feed.handle(snapshot(1, 1, [[4000, 10_000]], [[5500, 2_000]]));
    feed.handle(delta(1, 2, "yes", 4100, 100));
    feed.handle(delta(1, 3, "yes", 4100, 100));
    expect(engine.views().ask[LEG_KALSHI_YES]?.[pair]).toBe(4500);
    expect(feed.handle(delta(1, badSeq, "yes", 4100, 100))).toEqual({ kind: "resync", sid: 1, reason });
    expect(bookOf(feed).top).toEqual([NO_ASK, 0, NO_ASK, 0]);
    expect(engine.views().ask[LEG_KALSHI_YES]?.[pair]).toBe(NO_ASK);
    expect(engine.views().ask[LEG_KALSHI_NO]?.[pair]).toBe(NO_ASK);
    expect(events).toContainEqual({ kind: "book.stale", venue: "kalshi", market: T, pair, cause: reason });
    // Late frames of the retired sid change nothing.
    expect(feed.handle(delta(1, 4, "no", 5900, 100))).toBeUndefined();
    expect(bookOf(feed).top).toEqual([NO_ASK, 0, NO_ASK, 0]);
    feed.handle(snapshot(2, 1, [[4000, 10_000], [4100, 200]], [[5500, 2_000]]));
    feed.handle(delta(2, 2, "no", 5600, 300));
    expect(events).toContainEqual({ kind: "book.restored", venue: "kalshi", market: T, pair });
    const ref = setup();
    ref.feed.handle(snapshot(1, 1, [[4000, 10_000], [4100, 200]], [[5500, 2_000]]));
    ref.feed.handle(delta(1, 2, "no", 5600, 300));
    expect({ ...bookOf(feed), sid: 0 }).toEqual({ ...bookOf(ref.feed), sid: 0 });
    expect(engine.views().ask[LEG_KALSHI_YES]?.[pair]).toBe(4400);
    expect(feed.counters()).toEqual({ [`resync:${reason}`]: 1 });
  });

  it("matches the reference book under random valid streams with random garbage mixed in", () => {
    const op = fc.tuple(fc.constantFrom("yes", "no") as fc.Arbitrary<"yes" | "no">, fc.integer({ min: 30, max: 70 }).map((c) => c * 100), fc.integer({ min: -3_000, max: 3_000 }));
    const junk = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
      fc.record({ type: fc.constantFrom("orderbook_delta", "orderbook_snapshot", "fill", "nope"), sid: fc.jsonValue(), seq: fc.jsonValue(), msg: fc.jsonValue() }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(fc.tuple(fc.nat(80), junk), { maxLength: 30 }), (ops, noise) => {
        const frames = [snapshot(5, 1, [[4000, 1_000]], [[5000, 1_000]]), ...ops.map(([side, p, d], i) => delta(5, i + 2, side, p, d))];
        const ref = setup();
        for (const f of frames) ref.feed.handle(f);
        const mixed = [...frames];
        for (const [at, j] of noise.sort((a, b) => b[0] - a[0])) mixed.splice(Math.min(at, mixed.length), 0, j);
        const bad = setup();
        for (const f of mixed) bad.feed.handle(f);
        const hasResync = Object.keys(bad.feed.counters()).some((k) => k.startsWith("resync:"));
        // Junk that happens to be a well-formed frame for this sid legitimately forces a resync; otherwise equal.
        if (!hasResync) expect(bookOf(bad.feed)).toEqual(bookOf(ref.feed));
      }),
      { numRuns: 150 },
    );
  });
});

describe("KalshiFeed: detection core", () => {
  it("writes Kalshi asks into the pair's legs and reports the arb the core finds", () => {
    const { feed, engine, pair, events } = setup();
    engine.setAsk(pair, LEG_POLY_YES, 6000, 50_000);
    engine.setAsk(pair, LEG_POLY_NO, 5500, 50_000);
    feed.handle(snapshot(1, 1, [[3000, 1_000]], [[6500, 2_000]]));
    expect(engine.views().ask[LEG_KALSHI_YES]?.[pair]).toBe(3500);
    expect(engine.views().size[LEG_KALSHI_YES]?.[pair]).toBe(2_000);
    expect(engine.views().ask[LEG_KALSHI_NO]?.[pair]).toBe(7000);
    const arb = events.find((e) => e.kind === "arb.detected");
    expect(arb).toMatchObject({ kind: "arb.detected", venue: "kalshi", pair, type: "kalshi_yes_poly_no", sizeHundredths: 2_000 });
    expect(events).toContainEqual({ kind: "book.top-changed", venue: "kalshi", market: T, pair, yesAskUnits: 3500, yesAskHundredths: 2_000, noAskUnits: 7000, noAskHundredths: 1_000, tsMs: 1_000 });
  });

  it("does not touch the core when a delta leaves the top unchanged", () => {
    const { feed, events } = setup();
    feed.handle(snapshot(1, 1, [[3000, 1_000]], [[6500, 2_000]]));
    const before = events.length;
    feed.handle(delta(1, 2, "yes", 2000, 500));
    expect(events.length).toBe(before);
  });

  it("reports fills, order updates and positions from the private channels", () => {
    const { feed, events } = setup();
    feed.handle('{"type":"fill","sid":13,"msg":{"trade_id":"t1","order_id":"o1","market_ticker":"M","is_taker":true,"book_side":"ask","yes_price_dollars":"0.750","count_fp":"2.50","fee_cost":"0.013125","ts_ms":7}}');
    feed.handle('{"type":"user_order","sid":22,"msg":{"order_id":"o1","ticker":"M","status":"executed","outcome_side":"no","yes_price_dollars":"0.7500","fill_count_fp":"2.50","remaining_count_fp":"0.00","initial_count_fp":"2.50","client_order_id":"c1","taker_fees_dollars":"0.0200","maker_fees_dollars":"0.0000"}}');
    feed.handle('{"type":"market_position","sid":14,"msg":{"market_ticker":"M","position_fp":"-2.50","realized_pnl_dollars":"0.0000","fees_paid_dollars":"0.0200"}}');
    expect(events).toEqual([
      { kind: "fill.received", venue: "kalshi", fill: { fillId: "t1", tradeId: "t1", orderId: "o1", market: "M", outcome: "no", yesPriceUnits: 7500, sizeHundredths: 250, isTaker: true, feeMicros: 13_125, tsMs: 7 } },
      {
        kind: "order.updated",
        venue: "kalshi",
        order: { orderId: "o1", clientOrderId: "c1", market: "M", outcome: "no", status: "executed", yesPriceUnits: 7500, initialHundredths: 250, filledHundredths: 250, remainingHundredths: 0, feesMicros: 20_000 },
      },
      { kind: "position.updated", venue: "kalshi", position: { market: "M", positionHundredths: -250, feesPaidMicros: 20_000, realizedPnlMicros: 0 } },
    ]);
  });
});
