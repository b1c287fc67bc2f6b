// The venue feeds under fuzzed frames: the Kalshi market feed and user channels (one KalshiFeed), the Polymarket
// market feed and user stream, each driven directly (no socket) with a clean stream and its fuzzed twin. What must
// hold, per case:
//   - no frame ever throws out of the feed;
//   - a frame the feed reports dropped changed nothing at all: the fuzzed feed ends exactly where a reference fed the
//     same stream without those frames does — same books, same detection-core legs, same events (drops aside).
//     Hidden state a dropped frame touched (a sequence, a timestamp, a subscription) shows here;
//   - whatever came before, a fresh snapshot restores the truth: the books and legs a new feed gets from it alone;
//   - the books never hold an impossible level and the core's legs are the book's top or empty.
import { NO_ASK, createEngine } from "@arb/core-wasm";
import { LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES, intToDecimal, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import { KalshiFeed, MarketRegistry, POLYMARKET_FRAME_AHEAD_MS, PolymarketConfig, PolymarketFeed, PolymarketUserStream, tickSizeOfUnits } from "@arb/venues";
import { pino } from "pino";
import { mutateStream } from "./fuzz-mutate.mjs";

/** Well above any real frame of these streams, well below the clients' 4 MiB default: an oversized junk frame stays cheap. */
const MAX_BYTES = 64 * 1024;
const silent = pino({ level: "silent" });
const TICKER = "KXNBAGAME-26NOV25LALBOS-LAL";
const OTHER = "KXNBAGAME-26NOV25LALBOS-BOS";
const MARKET = "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1";
const YES = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
const NO = "52114319501245915516055106046884209969926127482827954674443846427813813222426";
const API_KEY = "9180014b-33c8-9240-a14b-bdca11c0a465";

const price = (units) => intToDecimal(units, 4);
const size = (hundredths) => intToDecimal(hundredths, 2);
const json = (v) => JSON.stringify(v);

function levels(r, n) {
  const seen = new Map();
  for (let i = 0; i < n; i++) seen.set(r.int(1, 99) * 100, r.int(1, 100_000));
  return [...seen.entries()].sort((a, b) => a[0] - b[0]);
}

/** Both core legs of a venue for a pair: [yes ask, size, no ask, size]. */
const legsOf = (engine, pair, yesLeg, noLeg) => {
  const v = engine.views();
  return [v.ask[yesLeg][pair], v.size[yesLeg][pair], v.ask[noLeg][pair], v.size[noLeg][pair]];
};

/** A fill nobody can have: no contracts, a fraction of a hundredth, or a price off the 1/10 000 $ grid or beyond $1. */
function impossibleFills(events) {
  return events
    .filter(
      (e) =>
        e.fill !== undefined &&
        (!Number.isSafeInteger(e.fill.sizeHundredths) ||
          e.fill.sizeHundredths <= 0 ||
          !Number.isInteger(e.fill.yesPriceUnits) ||
          e.fill.yesPriceUnits < 0 ||
          e.fill.yesPriceUnits > 10_000),
    )
    .map((e) => ({ what: "a fill with an impossible size or price", event: e }));
}

const withoutDrops = (events) => events.filter((e) => e.kind !== "frame.dropped").map(json);

/** How many events a frame carries: a Polymarket frame may be an array of them, each dropped or applied alone. */
function eventsIn(frame) {
  try {
    const v = JSON.parse(frame);
    return Array.isArray(v) ? Math.max(1, v.length) : 1;
  } catch {
    return 1;
  }
}

/**
 * Feeds a stream; returns the failures (a throw) and the frames the reference must see: every clean frame, and each
 * junk frame the feed took, whole or in part (junk can happen to be well formed): one with fewer drops reported than
 * the events it carries, or one that visibly did something besides (an event other than its drops, a resync, a change
 * of `state()`: books and legs). The rest, reported dropped whole, must have done nothing at all.
 */
function feedStream(items, handle, events, state) {
  const failures = [];
  const kept = [];
  items.forEach(({ frame, junk }, i) => {
    const before = events.length;
    const was = junk ? state() : "";
    let resync = false;
    try {
      resync = handle(frame)?.kind === "resync";
    } catch (err) {
      failures.push({ what: "threw", at: i, frame: frame.slice(0, 2_000), error: String(err?.stack ?? err) });
      return;
    }
    const mine = events.slice(before);
    const drops = mine.filter((e) => e.kind === "frame.dropped").length;
    if (!junk || resync || drops < eventsIn(frame) || drops < mine.length || state() !== was) kept.push(frame);
  });
  return { failures, kept, inert: items.length - kept.length };
}

// ---------------------------------------------------------------- Kalshi: market channel + user channels

function kalshiSetup() {
  const engine = createEngine();
  const pair = engine.addPair(engine.addSchedule(kalshiSchedule()), engine.addSchedule(polymarketSchedule(50_000, 1)));
  const events = [];
  const feed = new KalshiFeed({ engine, sink: (e) => events.push(e), logger: silent, now: () => 1_000, maxFrameBytes: MAX_BYTES });
  feed.track(TICKER, pair);
  return { engine, pair, events, feed };
}

const kSnapshot = (sid, seq, yes, no, ticker = TICKER) =>
  json({
    type: "orderbook_snapshot",
    sid,
    seq,
    msg: {
      market_ticker: ticker,
      market_id: "9b0f6b43",
      yes_dollars_fp: yes.map(([p, s]) => [price(p), size(s)]),
      no_dollars_fp: no.map(([p, s]) => [price(p), size(s)]),
    },
  });
const kDelta = (sid, seq, side, p, d, ticker = TICKER) =>
  json({
    type: "orderbook_delta",
    sid,
    seq,
    msg: { market_ticker: ticker, market_id: "9b0f6b43", price_dollars: price(p), delta_fp: size(d), side, ts_ms: seq },
  });

function kalshiUserFrame(r, i) {
  const k = r.int(0, 2);
  const id = `o${r.int(1, 50)}`;
  if (k === 0) {
    const c = r.int(1, 50_000);
    return json({
      type: "fill",
      sid: 13,
      msg: {
        trade_id: `t${i}`,
        order_id: id,
        market_ticker: TICKER,
        is_taker: r.next() < 0.5,
        book_side: r.pick(["ask", "bid"]),
        yes_price_dollars: price(r.int(1, 99) * 100),
        count_fp: size(c),
        fee_cost: intToDecimal(r.int(0, 1_000_000), 6),
        ts_ms: i,
      },
    });
  }
  if (k === 1) {
    const init = r.int(1, 50_000);
    const filled = r.int(0, init);
    return json({
      type: "user_order",
      sid: 22,
      msg: {
        order_id: id,
        ticker: TICKER,
        status: r.pick(["resting", "canceled", "executed"]),
        outcome_side: r.pick(["yes", "no"]),
        yes_price_dollars: price(r.int(1, 99) * 100),
        fill_count_fp: size(filled),
        remaining_count_fp: size(init - filled),
        initial_count_fp: size(init),
        client_order_id: `c${id}`,
        taker_fees_dollars: price(r.int(0, 9_999)),
        maker_fees_dollars: "0.0000",
      },
    });
  }
  return json({
    type: "market_position",
    sid: 14,
    msg: {
      market_ticker: TICKER,
      position_fp: size(r.int(-100_000, 100_000)),
      realized_pnl_dollars: price(r.int(-99_999, 99_999)),
      fees_paid_dollars: price(r.int(0, 99_999)),
    },
  });
}

/** A stream the venue could send: a snapshot, then deltas that never take more than a level holds, with user
 *  channel frames, command answers and another market's frames in between. */
function kalshiClean(r, n) {
  const sid = r.int(1, 1_000);
  const book = { yes: new Map(levels(r, r.int(0, 8))), no: new Map(levels(r, r.int(0, 8))) };
  const frames = [kSnapshot(sid, 1, [...book.yes], [...book.no])];
  let seq = 1;
  for (let i = 0; i < n; i++) {
    const k = r.next();
    if (k < 0.7) {
      const side = r.next() < 0.5 ? "yes" : "no";
      const p = r.int(1, 99) * 100;
      const held = book[side].get(p) ?? 0;
      const d = held > 0 && r.next() < 0.5 ? -r.int(1, held) : r.int(1, 20_000);
      book[side].set(p, held + d);
      if (held + d === 0) book[side].delete(p);
      frames.push(kDelta(sid, ++seq, side, p, d));
    } else if (k < 0.9) frames.push(kalshiUserFrame(r, i));
    else if (k < 0.95) frames.push(kDelta(sid + 1, i + 2, "yes", r.int(1, 99) * 100, r.int(1, 100), OTHER));
    else frames.push(json({ type: "ok", id: i, sid, msg: { market_tickers: [TICKER] } }));
  }
  return { frames, sid, seq };
}

const kalshiLadder = (l) => Array.from({ length: l.count }, (_, i) => [l.prices[i], l.sizes[i]]);
const kalshiBook = (feed) => {
  const b = feed.store.books.get(TICKER);
  return { yes: kalshiLadder(b.bids[0]), no: kalshiLadder(b.bids[1]) };
};

function sane(ladder) {
  return ladder.every(([p, s], i) => Number.isInteger(p) && p >= 1 && p <= 9_999 && Number.isSafeInteger(s) && s > 0 && (i === 0 || ladder[i - 1][0] !== p));
}

function kalshiCase(r) {
  const clean = kalshiClean(r, r.int(5, 120));
  const items = mutateStream(r, clean.frames, { junkRate: r.pick([0.02, 0.1, 0.3, 0.6]), disorder: r.next() < 0.3, maxBytes: MAX_BYTES });
  const ref = kalshiSetup();
  const bad = kalshiSetup();
  const state = () => json([kalshiBook(bad.feed), legsOf(bad.engine, bad.pair, LEG_KALSHI_YES, LEG_KALSHI_NO)]);
  const { failures, kept, inert } = feedStream(items, (f) => bad.feed.handle(f), bad.events, state);
  for (const f of kept) ref.feed.handle(f);
  failures.push(...impossibleFills(bad.events));
  const book = kalshiBook(bad.feed);
  if (!sane(book.yes) || !sane(book.no)) failures.push({ what: "impossible level in the book", book });
  const legs = legsOf(bad.engine, bad.pair, LEG_KALSHI_YES, LEG_KALSHI_NO);
  const b = bad.feed.store.books.get(TICKER);
  const top = [b.yesAskUnits, b.yesAskHundredths, b.noAskUnits, b.noAskHundredths];
  const empty = [NO_ASK, 0, NO_ASK, 0];
  const legOk = (i) => (legs[i] === top[i] && legs[i + 1] === top[i + 1]) || (legs[i] === empty[i] && legs[i + 1] === 0);
  if (!legOk(0) || !legOk(2)) failures.push({ what: "core legs are neither the book's top nor empty", legs, top });
  if (json(kalshiBook(bad.feed)) !== json(kalshiBook(ref.feed)))
    failures.push({ what: "book differs from the reference (a dropped frame changed it)", bad: kalshiBook(bad.feed), ref: kalshiBook(ref.feed) });
  if (json(legs) !== json(legsOf(ref.engine, ref.pair, LEG_KALSHI_YES, LEG_KALSHI_NO)))
    failures.push({ what: "core legs differ from the reference (a dropped frame changed them)" });
  if (json(withoutDrops(bad.events)) !== json(withoutDrops(ref.events)))
    failures.push({ what: "events differ from the reference (a dropped frame changed them)" });
  // A resubscription's snapshot (a new sid) and what follows it: the state a new feed gets from those frames alone.
  const sid = clean.sid + 1_000 + r.int(1, 1_000);
  const recover = [
    kSnapshot(sid, 1, levels(r, 5), levels(r, 5)),
    kDelta(sid, 2, "yes", r.int(1, 99) * 100, r.int(1, 500)),
    kDelta(sid, 3, "no", r.int(1, 99) * 100, r.int(1, 500)),
  ];
  const fresh = kalshiSetup();
  for (const f of recover) for (const x of [bad, fresh]) x.feed.handle(f);
  if (
    json(kalshiBook(bad.feed)) !== json(kalshiBook(fresh.feed)) ||
    json(legsOf(bad.engine, bad.pair, LEG_KALSHI_YES, LEG_KALSHI_NO)) !== json(legsOf(fresh.engine, fresh.pair, LEG_KALSHI_YES, LEG_KALSHI_NO))
  ) {
    failures.push({ what: "a fresh snapshot did not restore the book", bad: kalshiBook(bad.feed), fresh: kalshiBook(fresh.feed) });
  }
  return { frames: items.length, dropped: inert, failures, items };
}

// ---------------------------------------------------------------- Polymarket: market channel

function polySetup(nowMs) {
  const engine = createEngine();
  const pair = engine.addPair(engine.addSchedule(kalshiSchedule(0)), engine.addSchedule(polymarketSchedule(0, 1)));
  const events = [];
  // The market channel's own tolerance of venue clocks ahead of ours.
  const feed = new PolymarketFeed({
    engine,
    sink: (e) => events.push(e),
    logger: silent,
    now: () => nowMs,
    maxFrameBytes: MAX_BYTES,
    maxAheadMs: POLYMARKET_FRAME_AHEAD_MS,
  });
  feed.track(MARKET, pair, YES, NO);
  return { engine, pair, events, feed };
}

/** The streams' era: their timestamps start here (late 2025). */
const POLY_T0 = 1_765_000_000_000;
/** The fresh snapshots come this long after a stream, and the feeds' clock reads a minute later still: a frame of the
 *  stream stamped after them is more than that minute ahead of the clock. */
const RECOVER_AFTER_MS = 3_600_000;

const pBook = (asset, bids, asks, ts) => ({
  event_type: "book",
  asset_id: asset,
  market: MARKET,
  bids: bids.map(([p, s]) => ({ price: price(p), size: size(s) })),
  asks: asks.map(([p, s]) => ({ price: price(p), size: size(s) })),
  timestamp: String(ts),
  hash: `0x${ts.toString(16)}`,
});

function polyClean(r, n) {
  let ts = POLY_T0 + r.int(0, 1_000_000);
  const frames = [json(pBook(YES, levels(r, r.int(0, 6)), levels(r, r.int(0, 6)), ts)), json([pBook(NO, levels(r, r.int(0, 6)), levels(r, r.int(0, 6)), ts)])];
  for (let i = 0; i < n; i++) {
    ts += r.int(0, 50);
    const k = r.next();
    if (k < 0.75) {
      const changes = Array.from({ length: r.int(1, 4) }, () => ({
        asset_id: r.pick([YES, NO]),
        price: price(r.int(1, 99) * 100),
        size: size(r.next() < 0.3 ? 0 : r.int(1, 100_000)),
        side: r.pick(["BUY", "SELL"]),
        hash: "h",
        best_bid: "0.5",
        best_ask: "0.6",
      }));
      frames.push(json({ event_type: "price_change", market: MARKET, price_changes: changes, timestamp: String(ts) }));
    } else if (k < 0.85)
      frames.push(
        json({
          event_type: "last_trade_price",
          asset_id: r.pick([YES, NO]),
          market: MARKET,
          price: price(r.int(1, 99) * 100),
          side: r.pick(["BUY", "SELL"]),
          size: size(r.int(1, 10_000)),
          fee_rate_bps: "0",
          timestamp: String(ts),
        }),
      );
    else if (k < 0.9)
      frames.push(
        json({
          event_type: "best_bid_ask",
          market: MARKET,
          asset_id: r.pick([YES, NO]),
          best_bid: "0.5",
          best_ask: "0.6",
          spread: "0.1",
          timestamp: String(ts),
        }),
      );
    else if (k < 0.95)
      frames.push(
        json({
          event_type: "tick_size_change",
          asset_id: r.pick([YES, NO]),
          market: MARKET,
          old_tick_size: "0.01",
          new_tick_size: r.pick(["0.01", "0.001"]),
          timestamp: String(ts),
        }),
      );
    else frames.push("PONG");
  }
  return { frames, ts };
}

const polyLadder = (l) => Array.from({ length: l.count }, (_, i) => [l.prices[i], l.sizes[i]]);
const polyBooks = (feed) =>
  [YES, NO].map((t) => {
    const b = feed.book(t);
    return b === undefined ? null : { bids: polyLadder(b.bids), asks: polyLadder(b.asks), seeded: b.seeded, tick: b.tickUnits };
  });

function polyCase(r) {
  const clean = polyClean(r, r.int(5, 120));
  const items = mutateStream(r, clean.frames, { junkRate: r.pick([0.02, 0.1, 0.3, 0.6]), disorder: r.next() < 0.3, maxBytes: MAX_BYTES });
  const nowMs = clean.ts + RECOVER_AFTER_MS + 60_000;
  const ref = polySetup(nowMs);
  const bad = polySetup(nowMs);
  const state = () => json([polyBooks(bad.feed), legsOf(bad.engine, bad.pair, LEG_POLY_YES, LEG_POLY_NO)]);
  const { failures, kept, inert } = feedStream(items, (f) => bad.feed.handle(f), bad.events, state);
  for (const f of kept) ref.feed.handle(f);
  const books = polyBooks(bad.feed);
  for (const b of books) if (b !== null && (!sane(b.bids) || !sane(b.asks))) failures.push({ what: "impossible level in the book", b });
  const legs = legsOf(bad.engine, bad.pair, LEG_POLY_YES, LEG_POLY_NO);
  const topOf = (b) => (b === null || b.asks.length === 0 ? undefined : b.asks.reduce((m, l) => (l[0] < m[0] ? l : m)));
  [0, 2].forEach((i, j) => {
    const top = topOf(books[j]);
    const ok = (legs[i] === NO_ASK && legs[i + 1] === 0) || (top !== undefined && legs[i] === top[0] && legs[i + 1] === top[1]);
    if (!ok) failures.push({ what: "core leg is neither the book's best ask nor empty", leg: i, legs, top });
  });
  if (json(books) !== json(polyBooks(ref.feed)))
    failures.push({ what: "books differ from the reference (a dropped frame changed them)", bad: books, ref: polyBooks(ref.feed) });
  if (json(legs) !== json(legsOf(ref.engine, ref.pair, LEG_POLY_YES, LEG_POLY_NO)))
    failures.push({ what: "core legs differ from the reference (a dropped frame changed them)" });
  if (json(withoutDrops(bad.events)) !== json(withoutDrops(ref.events)))
    failures.push({ what: "events differ from the reference (a dropped frame changed them)" });
  // Fresh snapshots of both tokens, an hour after the stream: the state a new feed gets from them alone. They are
  // stamped at the edge of what the clock accepts (a minute ahead): a junk frame the feed took is never newer, while
  // one stamped between the stream's end and that edge is, by the feed's own rule, news until the clock passes it.
  const later = nowMs + POLYMARKET_FRAME_AHEAD_MS;
  const recover = json([pBook(YES, levels(r, 4), levels(r, 4), later), pBook(NO, levels(r, 4), levels(r, 4), later)]);
  const fresh = polySetup(nowMs);
  for (const x of [bad, fresh]) x.feed.handle(recover);
  const levelsOnly = (feed) => json(polyBooks(feed).map((b) => b && { bids: b.bids, asks: b.asks }));
  if (
    levelsOnly(bad.feed) !== levelsOnly(fresh.feed) ||
    json(legsOf(bad.engine, bad.pair, LEG_POLY_YES, LEG_POLY_NO)) !== json(legsOf(fresh.engine, fresh.pair, LEG_POLY_YES, LEG_POLY_NO))
  ) {
    failures.push({ what: "fresh snapshots an hour later did not restore the books", bad: polyBooks(bad.feed), fresh: polyBooks(fresh.feed) });
  }
  return { frames: items.length, dropped: inert, failures, items };
}

// ---------------------------------------------------------------- Polymarket: user stream

const POLY_CONFIG = PolymarketConfig.parse({ maxFrameBytes: MAX_BYTES });

function userSetup() {
  const registry = new MarketRegistry();
  registry.add({
    conditionId: MARKET,
    yesTokenId: YES,
    noTokenId: NO,
    tick: tickSizeOfUnits(100),
    negRisk: false,
    feeRatePpm: 0,
    feeExponent: 0,
    minOrderHundredths: 500,
  });
  const events = [];
  const own = new Map();
  const stream = new PolymarketUserStream({
    config: POLY_CONFIG,
    creds: { key: API_KEY, secret: "c2VjcmV0", passphrase: "p" },
    sink: (e) => events.push(e),
    logger: silent,
    registry,
    ownOrder: (id) => own.get(id),
    now: () => 1_000,
  });
  return { stream, events, own };
}

function userClean(r, n) {
  const frames = [];
  const orderIds = Array.from({ length: 6 }, (_, i) => `0x${(i + 1).toString(16).padStart(64, "0")}`);
  for (let i = 0; i < n; i++) {
    const asset = r.pick([YES, NO]);
    const id = r.pick(orderIds);
    const p = price(r.int(1, 99) * 100);
    const ts = String(1_700_000_000 + i);
    if (r.next() < 0.5) {
      const original = r.int(1, 10_000);
      frames.push(
        json({
          asset_id: asset,
          associate_trades: null,
          event_type: "order",
          id,
          market: MARKET,
          order_owner: API_KEY,
          original_size: size(original),
          outcome: asset === YES ? "Yes" : "No",
          owner: API_KEY,
          price: p,
          side: r.pick(["BUY", "SELL"]),
          size_matched: size(r.int(0, original)),
          timestamp: ts,
          type: r.pick(["PLACEMENT", "UPDATE", "CANCELLATION"]),
        }),
      );
    } else {
      const s = size(r.int(1, 10_000));
      const mine = r.next() < 0.5;
      frames.push(
        json({
          asset_id: asset,
          event_type: "trade",
          id: `trade-${i}`,
          last_update: ts,
          maker_orders: [
            { asset_id: asset, matched_amount: s, order_id: mine ? r.pick(orderIds) : "0xabc", outcome: "Yes", owner: mine ? API_KEY : "other", price: p },
          ],
          market: MARKET,
          match_time: ts,
          outcome: "Yes",
          owner: API_KEY,
          price: p,
          side: r.pick(["BUY", "SELL"]),
          size: s,
          status: r.pick(["MATCHED", "MINED", "CONFIRMED", "RETRYING", "FAILED"]),
          taker_order_id: r.pick(orderIds),
          timestamp: ts,
          trade_owner: API_KEY,
          type: "TRADE",
        }),
      );
    }
  }
  if (r.next() < 0.2) frames.push("PONG");
  return { frames, orderIds };
}

function userCase(r) {
  const clean = userClean(r, r.int(3, 80));
  const items = mutateStream(r, clean.frames, { junkRate: r.pick([0.02, 0.1, 0.3, 0.6]), disorder: r.next() < 0.3, maxBytes: MAX_BYTES });
  const ref = userSetup();
  const bad = userSetup();
  for (const [i, id] of clean.orderIds.entries()) {
    ref.own.set(id, `c${i}`);
    bad.own.set(id, `c${i}`);
  }
  const { failures, kept, inert } = feedStream(
    items,
    (f) => bad.stream.handle(f),
    bad.events,
    () => "",
  );
  for (const f of kept) ref.stream.handle(f);
  failures.push(...impossibleFills(bad.events));
  if (json(withoutDrops(bad.events)) !== json(withoutDrops(ref.events)))
    failures.push({ what: "events differ from the reference (a dropped frame changed them)" });
  return { frames: items.length, dropped: inert, failures, items };
}

export const FEED_TARGETS = [
  { id: "kalshi", name: "kalshi feed (market + user channels)", run: kalshiCase },
  { id: "polymarket-market", name: "polymarket market feed", run: polyCase },
  { id: "polymarket-user", name: "polymarket user stream", run: userCase },
];
