import { NO_ASK, createEngine } from "@arb/core-wasm";
import { LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES, intToDecimal, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import fc from "fast-check";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { fixtureJson } from "@arb/venue-fixtures";
import { SIDE_NO, SIDE_YES, bindSidPricing, ladderLevels } from "../src/kalshi/book.js";
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
    msg: {
      market_ticker: ticker,
      market_id: "9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1",
      price_dollars: intToDecimal(priceUnits, 4),
      delta_fp: intToDecimal(deltaHundredths, 2),
      side,
      ts_ms: 1,
    },
  });

function bookOf(feed: KalshiFeed) {
  const b = feed.store.books.get(T);
  if (b === undefined) throw new Error("untracked");
  return {
    yes: ladderLevels(b.bids[SIDE_YES]),
    no: ladderLevels(b.bids[SIDE_NO]),
    top: [b.yesAskUnits, b.yesAskHundredths, b.noAskUnits, b.noAskHundredths],
    sid: b.sid,
  };
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
  // A fill of nothing (the fuzzer's find): booked, it would make the real fill of its trade id a duplicate.
  [
    '{"type":"fill","sid":3,"msg":{"trade_id":"t","order_id":"o","market_ticker":"A","is_taker":true,"yes_price_dollars":"0.5000","count_fp":"0.00","side":"yes","action":"buy","ts":1}}',
    "schema:fill",
  ],
  [`{"type":"orderbook_delta","pad":"${"x".repeat(5_000)}"}`, "oversized"],
];

describe("KalshiFeed: malformed input is counted, logged and dropped", () => {
  it("survives every kind of bad frame and ends with the book the valid frames alone build", () => {
    const bad = setup();
    const ref = setup();
    const valid = [
      snapshot(
        1,
        1,
        [
          [4000, 10_000],
          [4200, 1_300],
        ],
        [
          [5400, 2_000],
          [5600, 1_700],
        ],
      ),
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
    feed.handle(
      snapshot(
        2,
        1,
        [
          [4000, 10_000],
          [4100, 200],
        ],
        [[5500, 2_000]],
      ),
    );
    feed.handle(delta(2, 2, "no", 5600, 300));
    expect(events).toContainEqual({ kind: "book.restored", venue: "kalshi", market: T, pair });
    const ref = setup();
    ref.feed.handle(
      snapshot(
        1,
        1,
        [
          [4000, 10_000],
          [4100, 200],
        ],
        [[5500, 2_000]],
      ),
    );
    ref.feed.handle(delta(1, 2, "no", 5600, 300));
    expect({ ...bookOf(feed), sid: 0 }).toEqual({ ...bookOf(ref.feed), sid: 0 });
    expect(engine.views().ask[LEG_KALSHI_YES]?.[pair]).toBe(4400);
    expect(feed.counters()).toEqual({ [`resync:${reason}`]: 1 });
  });

  it("matches the reference book under random valid streams with random garbage mixed in", () => {
    const op = fc.tuple(
      fc.constantFrom("yes", "no") as fc.Arbitrary<"yes" | "no">,
      fc.integer({ min: 30, max: 70 }).map((c) => c * 100),
      fc.integer({ min: -3_000, max: 3_000 }),
    );
    const junk = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
      fc
        .record({
          type: fc.constantFrom("orderbook_delta", "orderbook_snapshot", "fill", "nope"),
          sid: fc.jsonValue(),
          seq: fc.jsonValue(),
          msg: fc.jsonValue(),
        })
        .map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(fc.tuple(fc.nat(80), junk), { maxLength: 30 }), (ops, noise) => {
        // The venue never removes more than a level holds: clamp removals so the stream is one it could send.
        const held = { yes: new Map([[4000, 1_000]]), no: new Map([[5000, 1_000]]) };
        const valid = ops.map(([side, p, d]): [typeof side, number, number] => {
          const h = held[side].get(p) ?? 0;
          const dd = Math.max(d, -h);
          held[side].set(p, h + dd);
          return [side, p, dd];
        });
        const frames = [snapshot(5, 1, [[4000, 1_000]], [[5000, 1_000]]), ...valid.map(([side, p, d], i) => delta(5, i + 2, side, p, d))];
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
    expect(events).toContainEqual({
      kind: "book.top-changed",
      venue: "kalshi",
      market: T,
      pair,
      yesAskUnits: 3500,
      yesAskHundredths: 2_000,
      noAskUnits: 7000,
      noAskHundredths: 1_000,
      tsMs: 1_000,
    });
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
    feed.handle(
      '{"type":"fill","sid":13,"msg":{"trade_id":"t1","order_id":"o1","market_ticker":"M","is_taker":true,"book_side":"ask","yes_price_dollars":"0.750","count_fp":"2.50","fee_cost":"0.013125","ts_ms":7}}',
    );
    feed.handle(
      '{"type":"user_order","sid":22,"msg":{"order_id":"o1","ticker":"M","status":"executed","outcome_side":"no","yes_price_dollars":"0.7500","fill_count_fp":"2.50","remaining_count_fp":"0.00","initial_count_fp":"2.50","client_order_id":"c1","taker_fees_dollars":"0.0200","maker_fees_dollars":"0.0000"}}',
    );
    feed.handle(
      '{"type":"market_position","sid":14,"msg":{"market_ticker":"M","position_fp":"-2.50","realized_pnl_dollars":"0.0000","fees_paid_dollars":"0.0200"}}',
    );
    expect(events).toEqual([
      {
        kind: "fill.received",
        venue: "kalshi",
        fill: {
          fillId: "t1",
          tradeId: "t1",
          orderId: "o1",
          market: "M",
          outcome: "no",
          yesPriceUnits: 7500,
          sizeHundredths: 250,
          isTaker: true,
          feeMicros: 13_125,
          tsMs: 7,
        },
      },
      {
        kind: "order.updated",
        venue: "kalshi",
        order: {
          orderId: "o1",
          clientOrderId: "c1",
          market: "M",
          outcome: "no",
          status: "executed",
          yesPriceUnits: 7500,
          initialHundredths: 250,
          filledHundredths: 250,
          remainingHundredths: 0,
          feesMicros: 20_000,
        },
      },
      { kind: "position.updated", venue: "kalshi", position: { market: "M", positionHundredths: -250, feesPaidMicros: 20_000, realizedPnlMicros: 0 } },
    ]);
  });
});

describe("KalshiFeed: crossed books are not traded", () => {
  /** Kalshi legs of the pair in the core: [YES ask, size, NO ask, size]. */
  const legs = (engine: ReturnType<typeof setup>["engine"], pair: number) => [
    engine.views().ask[LEG_KALSHI_YES]?.[pair],
    engine.views().size[LEG_KALSHI_YES]?.[pair],
    engine.views().ask[LEG_KALSHI_NO]?.[pair],
    engine.views().size[LEG_KALSHI_NO]?.[pair],
  ];

  it("keeps a crossed book's legs empty, reports it once, and writes the real asks back when a frame mends it", () => {
    const { feed, engine, pair, events } = setup();
    feed.handle(snapshot(1, 1, [[4000, 1_000]], [[5500, 2_000]]));
    expect(legs(engine, pair)).toEqual([4500, 2_000, 6000, 1_000]);
    const before = events.length;
    // A YES bid at 0.55 against the NO bid at 0.55: YES ask 0.45 + NO ask 0.45 — the phantom a half-applied view shows.
    feed.handle(delta(1, 2, "yes", 5500, 1_000));
    expect(legs(engine, pair)).toEqual([NO_ASK, 0, NO_ASK, 0]);
    expect(feed.consistent(T)).toBe(false);
    expect(events.slice(before)).toEqual([{ kind: "book.stale", venue: "kalshi", market: T, pair, cause: "inconsistent_book" }]);
    // More frames that leave it crossed: nothing reaches the core or the event stream.
    feed.handle(delta(1, 3, "no", 5600, 300));
    feed.handle(delta(1, 4, "yes", 5600, 200));
    expect(events.slice(before)).toHaveLength(1);
    expect(legs(engine, pair)).toEqual([NO_ASK, 0, NO_ASK, 0]);
    expect(feed.counters()).toEqual({ inconsistent_book: 1 });
    // The frames that take the crossing bids away mend it.
    feed.handle(delta(1, 5, "yes", 5600, -200));
    feed.handle(delta(1, 6, "yes", 5500, -1_000));
    expect(feed.consistent(T)).toBe(true);
    expect(legs(engine, pair)).toEqual([4400, 300, 6000, 1_000]);
    expect(events.slice(before + 1)).toEqual([
      { kind: "book.restored", venue: "kalshi", market: T, pair },
      {
        kind: "book.top-changed",
        venue: "kalshi",
        market: T,
        pair,
        yesAskUnits: 4400,
        yesAskHundredths: 300,
        noAskUnits: 6000,
        noAskHundredths: 1_000,
        tsMs: 1_000,
      },
    ]);
    expect(events.some((e) => e.kind === "arb.detected")).toBe(false);
    expect(feed.counters()).toEqual({ inconsistent_book: 1 });
  });

  it("refuses a snapshot that is crossed, and a resync in between starts it afresh", () => {
    const { feed, engine, pair, events } = setup();
    feed.handle(snapshot(1, 1, [[5000, 100]], [[5000, 100]]));
    expect(legs(engine, pair)).toEqual([NO_ASK, 0, NO_ASK, 0]);
    expect(events).toEqual([{ kind: "book.stale", venue: "kalshi", market: T, pair, cause: "inconsistent_book" }]);
    expect(feed.handle(delta(1, 5, "yes", 5000, -100))).toEqual({ kind: "resync", sid: 1, reason: "seq_gap" });
    feed.handle(snapshot(2, 1, [[4900, 100]], [[5000, 100]]));
    expect(feed.consistent(T)).toBe(true);
    expect(legs(engine, pair)).toEqual([5000, 100, 5100, 100]);
    expect(events.filter((e) => e.kind === "book.restored")).toHaveLength(1);
  });

  it("with bookConsistency off, trades the crossed book as it stands", () => {
    const engine = createEngine();
    const pair = engine.addPair(engine.addSchedule(kalshiSchedule()), engine.addSchedule(polymarketSchedule(50_000, 1)));
    const events: VenueEvent[] = [];
    const feed = new KalshiFeed({
      engine,
      sink: (e) => events.push(e),
      logger: pino({ level: "silent" }),
      now: () => 1_000,
      maxFrameBytes: 4_096,
      bookConsistency: "off",
    });
    feed.track(T, pair);
    feed.handle(snapshot(1, 1, [[4000, 1_000]], [[5500, 2_000]]));
    feed.handle(delta(1, 2, "yes", 5500, 1_000));
    expect(legs(engine, pair)).toEqual([4500, 2_000, 4500, 1_000]);
    expect(feed.consistent(T)).toBe(true);
    expect(events).toContainEqual(expect.objectContaining({ kind: "arb.detected", pair, type: "kalshi_same_market" }));
    expect(feed.counters()).toEqual({});
  });
});

describe("KalshiFeed: a delta the book cannot honor", () => {
  it("removing size from a level the book does not have, or more than it holds, resyncs the subscription", () => {
    for (const [side, priceUnits, deltaHundredths] of [
      ["no", 5400, -100],
      ["no", 5500, -2_001],
      ["yes", 4000, -1],
    ] as const) {
      const { feed, engine, pair, events } = setup();
      feed.handle(snapshot(1, 1, [[4000, 1_000]], [[5500, 2_000]]));
      if (side === "yes") feed.handle(delta(1, 2, "yes", 4000, -1_000));
      const seq = side === "yes" ? 3 : 2;
      expect(feed.handle(delta(1, seq, side, priceUnits, deltaHundredths))).toEqual({ kind: "resync", sid: 1, reason: "missing_level" });
      expect(feed.counters()).toEqual({ "resync:missing_level": 1 });
      expect(events).toContainEqual({ kind: "book.stale", venue: "kalshi", market: T, pair, cause: "missing_level" });
      expect(engine.views().ask[LEG_KALSHI_YES]?.[pair]).toBe(NO_ASK);
      expect(bookOf(feed).sid).toBe(0);
    }
  });
});

describe("KalshiFeed: NO-side price convention per subscription", () => {
  // One venue book — YES bids 0.40 / 0.42, NO bids 0.55 / 0.57 — as each convention sends it.
  const noLeg = {
    no: [
      [5500, 800],
      [5700, 300],
    ] as Array<[number, number]>,
    delta: 5600,
  };
  const yesLeg = {
    no: [
      [4300, 300],
      [4500, 800],
    ] as Array<[number, number]>,
    delta: 4400,
  };

  it.each([
    ["no-leg (the venue default)", undefined, noLeg],
    ["yes-leg (use_yes_price: true)", "yes_leg", yesLeg],
  ] as const)("reads %s NO levels as NO bids", (_name, pricing, wire) => {
    const { feed, engine, pair } = setup();
    if (pricing !== undefined) bindSidPricing(feed.store, 3, pricing);
    feed.handle(
      snapshot(
        3,
        1,
        [
          [4000, 1_000],
          [4200, 500],
        ],
        wire.no,
      ),
    );
    expect(bookOf(feed).no).toEqual([
      [5500, 800],
      [5700, 300],
    ]);
    expect(bookOf(feed).top).toEqual([4300, 300, 5800, 500]);
    feed.handle(delta(3, 2, "no", wire.delta, 200));
    expect(bookOf(feed).no).toEqual([
      [5500, 800],
      [5600, 200],
      [5700, 300],
    ]);
    // YES levels are the same in both conventions.
    feed.handle(delta(3, 3, "yes", 4200, -500));
    expect(bookOf(feed).top).toEqual([4300, 300, 6000, 1_000]);
    expect(engine.views().ask[LEG_KALSHI_YES]?.[pair]).toBe(4300);
  });

  it("keeps each subscription's convention: two sids, one of each, build the same book", () => {
    const { feed } = setup();
    feed.track("B", 1);
    bindSidPricing(feed.store, 2, "yes_leg");
    feed.handle(snapshot(1, 1, [[4000, 100]], noLeg.no));
    feed.handle(snapshot(2, 1, [[4000, 100]], yesLeg.no, "B"));
    const no = (t: string) => ladderLevels(feed.store.books.get(t)!.bids[SIDE_NO]);
    expect(no("B")).toEqual(no(T));
  });
});

describe("KalshiFeed: event fee overrides", () => {
  it("reports the venue's example as fees.changed with the rate it sets, and a cleared override as null", () => {
    const { feed, events } = setup();
    const set = fixtureJson<{ msg: Record<string, unknown> }>("kalshi", "ws", "event_fee_update.json");
    expect(feed.handle(JSON.stringify(set))).toBeUndefined();
    const cleared = { ...set, msg: { ...set.msg, fee_type_override: null, fee_multiplier_override: null } };
    feed.handle(JSON.stringify(cleared));
    const flat = { ...set, msg: { ...set.msg, fee_type_override: "flat", fee_multiplier_override: 1 } };
    feed.handle(JSON.stringify(flat));
    expect(events).toEqual([
      { kind: "fees.changed", venue: "kalshi", eventTicker: "KXBTCD-26MAY2018", ratePpm: 70_000, tsMs: 1_000 },
      { kind: "fees.changed", venue: "kalshi", eventTicker: "KXBTCD-26MAY2018", ratePpm: null, tsMs: 1_000 },
      { kind: "fees.changed", venue: "kalshi", eventTicker: "KXBTCD-26MAY2018", ratePpm: undefined, tsMs: 1_000 },
    ]);
    expect(feed.counters()).toEqual({});
  });
});
