import { type DetectionEngine, NO_ASK, decodeRecord } from "@arb/core-wasm";
import { LEG_KALSHI_NO, LEG_KALSHI_YES, kalshiFeeOverrideRatePpm } from "@arb/domain";
import type { Logger } from "pino";
import { FrameCounters, NOT_JSON } from "../frame-counters.js";
import type { BookConsistency, StaleCause, VenueEventSink } from "../ports.js";
import {
  type BookStep,
  type BookStore,
  type MarketBook,
  SIDE_NO,
  SIDE_YES,
  TOP_NO_ASK,
  TOP_YES_ASK,
  applyDelta,
  applySnapshot,
  createBookStore,
  pricingOf,
  resetStore,
  retireSid,
  trackMarket,
  untrackMarket,
} from "./book.js";
import { bestPrice } from "../net/ladder.js";
import { checkKalshiBook } from "./consistency.js";
import { createDeltaFields, readDelta } from "./fast-delta.js";
import { decodeFrame, fillFromWs, flatLevels, flatNoBids, noBidUnits, orderStateFrom, positionFrom } from "./parse.js";
import type { KalshiWsFrame } from "./wire.js";

/** Command replies the socket shell must see (subscription bookkeeping). */
export type KalshiControlFrame = Extract<KalshiWsFrame, { type: "subscribed" | "unsubscribed" | "ok" | "error" }>;

/** What a frame asks of the socket shell; `undefined` (the steady state) means nothing. */
export type FeedOutput =
  | { readonly kind: "resync"; readonly sid: number; readonly reason: StaleCause }
  | { readonly kind: "control"; readonly frame: KalshiControlFrame }
  | undefined;

export interface KalshiFeedOptions {
  readonly engine: DetectionEngine;
  readonly sink: VenueEventSink;
  readonly logger: Logger;
  readonly now: () => number;
  readonly maxFrameBytes: number;
  /** "refuse" (default): a crossed book (checkKalshiBook) feeds empty legs to the core until a frame mends it. */
  readonly bookConsistency?: BookConsistency;
}

/** A tracked market: its core pair, and whether its book is kept out of the core for being crossed. */
interface MarketEntry {
  readonly pair: number;
  refused: boolean;
}

const U32_MAX = 0xffff_ffff;
const BOTH_ASKS = TOP_YES_ASK | TOP_NO_ASK;

/**
 * Frame text in, detection core and events out: the per-frame pipeline behind the socket, with no socket of its
 * own (so tests and the benchmark drive it directly). The hot path — an orderbook_delta that moves nothing at the
 * top — allocates nothing beyond JSON.parse.
 */
export class KalshiFeed {
  readonly store: BookStore = createBookStore();
  private readonly markets = new Map<string, MarketEntry>();
  private readonly frames: FrameCounters;
  private readonly delta = createDeltaFields();
  private readonly engine: DetectionEngine;
  private readonly sink: VenueEventSink;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly maxFrameBytes: number;
  private readonly refuses: boolean;

  constructor(options: KalshiFeedOptions) {
    this.engine = options.engine;
    this.sink = options.sink;
    this.logger = options.logger;
    this.now = options.now;
    this.maxFrameBytes = options.maxFrameBytes;
    this.refuses = (options.bookConsistency ?? "refuse") === "refuse";
    this.frames = new FrameCounters("kalshi", "frame", options.logger, options.sink, options.now);
  }

  track(ticker: string, pair: number): void {
    // Tracking a market again under the same pair keeps what is known of its book.
    if (this.markets.get(ticker)?.pair !== pair) this.markets.set(ticker, { pair, refused: false });
    trackMarket(this.store, ticker);
  }

  untrack(ticker: string): void {
    const m = this.markets.get(ticker);
    const book = this.store.books.get(ticker);
    if (m !== undefined && book !== undefined && book.sid !== 0) this.clearCore(m.pair);
    this.markets.delete(ticker);
    untrackMarket(this.store, ticker);
  }

  /**
   * False while the market's book is crossed and so kept out of the detection core (always true with
   * `bookConsistency: "off"`): depth read from it then is not depth the venue has. Cheap enough for every order.
   */
  consistent(ticker: string): boolean {
    return this.markets.get(ticker)?.refused !== true;
  }

  counters(): Readonly<Record<string, number>> {
    return this.frames.snapshot();
  }

  /** Counts, logs (venue + truncated sample) and reports a frame that is dropped unread. */
  drop(reason: string, raw: string): undefined {
    return this.frames.drop(reason, raw);
  }

  handle(raw: string): FeedOutput {
    const value = this.frames.readJson(raw, this.maxFrameBytes);
    if (value === NOT_JSON) return undefined;
    const d = this.delta;
    if (readDelta(value, d)) {
      const priceUnits = d.side === SIDE_NO ? noBidUnits(d.priceUnits, pricingOf(this.store, d.sid)) : d.priceUnits;
      return this.onStep(applyDelta(this.store, d.sid, d.seq, d.ticker, d.side, priceUnits, d.deltaHundredths), d.ticker, false);
    }
    const decoded = decodeFrame(value);
    if (!decoded.ok) return this.drop(decoded.reason, raw);
    const f = decoded.frame;
    switch (f.type) {
      case "orderbook_delta":
        // Unreachable while readDelta and the schema agree (property-tested); kept so a disagreement is counted.
        return this.drop("fast_path_mismatch", raw);
      case "orderbook_snapshot": {
        const m = f.msg;
        const wasStale = this.store.books.get(m.market_ticker)?.sid === 0;
        const no = flatNoBids(m.no_dollars_fp, pricingOf(this.store, f.sid));
        return this.onStep(applySnapshot(this.store, f.sid, f.seq, m.market_ticker, flatLevels(m.yes_dollars_fp), no), m.market_ticker, wasStale);
      }
      case "fill":
        this.sink({ kind: "fill.received", venue: "kalshi", fill: fillFromWs(f.msg) });
        return undefined;
      case "user_order":
        this.sink({ kind: "order.updated", venue: "kalshi", order: orderStateFrom(f.msg) });
        return undefined;
      case "market_position":
        this.sink({ kind: "position.updated", venue: "kalshi", position: positionFrom(f.msg) });
        return undefined;
      case "event_fee_update": {
        const m = f.msg;
        const ratePpm = kalshiFeeOverrideRatePpm(m.fee_type_override, m.fee_multiplier_override);
        this.sink({ kind: "fees.changed", venue: "kalshi", eventTicker: m.event_ticker, ratePpm, tsMs: this.now() });
        return undefined;
      }
      case "subscribed":
      case "unsubscribed":
      case "ok":
      case "error":
        return { kind: "control", frame: f };
      default:
        this.frames.count(`seen:${f.type}`);
        return undefined;
    }
  }

  /** `restoring`: the frame is the snapshot that ends a stale spell of the book. */
  private onStep(step: BookStep, ticker: string, restoring: boolean): FeedOutput {
    if (step.kind === "applied") {
      if (step.changed !== 0 || restoring) {
        const m = this.markets.get(ticker);
        const book = this.store.books.get(ticker);
        if (m !== undefined && book !== undefined) this.publish(book, m, step.changed, restoring);
      }
      return undefined;
    }
    if (step.kind === "ignored") return undefined;
    this.frames.count(`resync:${step.reason}`);
    this.logger.warn({ venue: "kalshi", sid: step.sid, reason: step.reason, expectedSeq: step.expectedSeq, gotSeq: step.gotSeq }, "kalshi book resync");
    this.stale(retireSid(this.store, step.sid), step.reason);
    return { kind: "resync", sid: step.sid, reason: step.reason };
  }

  /** Every book goes stale (connection lost); their legs are cleared in the core. */
  reset(cause: StaleCause): void {
    this.stale(resetStore(this.store), cause);
  }

  private stale(books: ReadonlyArray<{ book: MarketBook; changed: number }>, cause: StaleCause): void {
    for (const { book, changed } of books) {
      const m = this.markets.get(book.ticker);
      if (m === undefined) continue;
      // An emptied book is not crossed; the snapshot that restores it is checked afresh.
      m.refused = false;
      if (changed !== 0) this.writeTop(book, m.pair, changed);
      this.sink({ kind: "book.stale", venue: "kalshi", market: book.ticker, pair: m.pair, cause });
    }
  }

  /**
   * A changed (or restored) book into the core — unless it is crossed: then its legs go empty, once, with one
   * `book.stale` and one counted moment, and stay so while frames leave it crossed. The frame that mends it writes
   * both real asks back, checks the pair and reports `book.restored`.
   */
  private publish(book: MarketBook, m: MarketEntry, changed: number, restoring: boolean): void {
    if (this.refuses && !checkKalshiBook(bestPrice(book.bids[SIDE_YES]), bestPrice(book.bids[SIDE_NO]))) {
      if (m.refused) return;
      m.refused = true;
      this.frames.count("inconsistent_book");
      this.clearCore(m.pair);
      this.sink({ kind: "book.stale", venue: "kalshi", market: book.ticker, pair: m.pair, cause: "inconsistent_book" });
      return;
    }
    const mended = m.refused;
    m.refused = false;
    if (restoring || mended) this.sink({ kind: "book.restored", venue: "kalshi", market: book.ticker, pair: m.pair });
    const write = mended ? BOTH_ASKS : changed;
    if (write !== 0) this.writeTop(book, m.pair, write);
  }

  private clearCore(pair: number): void {
    this.engine.setAsk(pair, LEG_KALSHI_YES, NO_ASK, 0);
    this.engine.setAsk(pair, LEG_KALSHI_NO, NO_ASK, 0);
    this.engine.checkPair(pair, this.now());
  }

  /** Writes the changed top into the core for the pair, checks it, and reports. */
  private writeTop(book: MarketBook, pair: number, changed: number): void {
    const engine = this.engine;
    if ((changed & TOP_YES_ASK) !== 0) engine.setAsk(pair, LEG_KALSHI_YES, book.yesAskUnits, Math.min(book.yesAskHundredths, U32_MAX));
    if ((changed & TOP_NO_ASK) !== 0) engine.setAsk(pair, LEG_KALSHI_NO, book.noAskUnits, Math.min(book.noAskHundredths, U32_MAX));
    const tsMs = this.now();
    const code = engine.checkPair(pair, tsMs);
    this.sink({
      kind: "book.top-changed",
      venue: "kalshi",
      market: book.ticker,
      pair,
      yesAskUnits: book.yesAskUnits,
      yesAskHundredths: book.yesAskHundredths,
      noAskUnits: book.noAskUnits,
      noAskHundredths: book.noAskHundredths,
      tsMs,
    });
    if (code !== 0) {
      const o = decodeRecord(engine.result, 0);
      this.sink({
        kind: "arb.detected",
        venue: "kalshi",
        pair,
        type: o.type,
        edgeUnits: o.edgeUnits,
        edgeBps: o.edgeBps,
        sizeHundredths: o.sizeHundredths,
        tsMs,
      });
    }
  }
}
