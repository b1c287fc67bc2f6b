import { type DetectionEngine, NO_ASK, decodeRecord } from "@arb/core-wasm";
import { LEG_KALSHI_NO, LEG_KALSHI_YES } from "@arb/domain";
import type { Logger } from "pino";
import { FrameCounters, NOT_JSON } from "../frame-counters.js";
import type { StaleCause, VenueEventSink } from "../ports.js";
import {
  type BookStep,
  type BookStore,
  type MarketBook,
  TOP_NO_ASK,
  TOP_YES_ASK,
  applyDelta,
  applySnapshot,
  createBookStore,
  resetStore,
  retireSid,
  trackMarket,
  untrackMarket,
} from "./book.js";
import { createDeltaFields, readDelta } from "./fast-delta.js";
import { decodeFrame, fillFromWs, flatLevels, orderStateFrom, positionFrom } from "./parse.js";
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
}

const U32_MAX = 0xffff_ffff;

/**
 * Frame text in, detection core and events out: the per-frame pipeline behind the socket, with no socket of its
 * own (so tests and the benchmark drive it directly). The hot path — an orderbook_delta that moves nothing at the
 * top — allocates nothing beyond JSON.parse.
 */
export class KalshiFeed {
  readonly store: BookStore = createBookStore();
  private readonly pairs = new Map<string, number>();
  private readonly frames: FrameCounters;
  private readonly delta = createDeltaFields();
  private readonly engine: DetectionEngine;
  private readonly sink: VenueEventSink;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly maxFrameBytes: number;

  constructor(options: KalshiFeedOptions) {
    this.engine = options.engine;
    this.sink = options.sink;
    this.logger = options.logger;
    this.now = options.now;
    this.maxFrameBytes = options.maxFrameBytes;
    this.frames = new FrameCounters("kalshi", "frame", options.logger, options.sink);
  }

  track(ticker: string, pair: number): void {
    this.pairs.set(ticker, pair);
    trackMarket(this.store, ticker);
  }

  untrack(ticker: string): void {
    const pair = this.pairs.get(ticker);
    const book = this.store.books.get(ticker);
    if (pair !== undefined && book !== undefined && book.sid !== 0) this.clearCore(pair);
    this.pairs.delete(ticker);
    untrackMarket(this.store, ticker);
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
      return this.onStep(applyDelta(this.store, d.sid, d.seq, d.ticker, d.side, d.priceUnits, d.deltaHundredths), d.ticker);
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
        const step = applySnapshot(this.store, f.sid, f.seq, m.market_ticker, flatLevels(m.yes_dollars_fp), flatLevels(m.no_dollars_fp));
        const pair = this.pairs.get(m.market_ticker);
        if (wasStale && step.kind === "applied" && pair !== undefined) {
          this.sink({ kind: "book.restored", venue: "kalshi", market: m.market_ticker, pair });
        }
        return this.onStep(step, m.market_ticker);
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

  private onStep(step: BookStep, ticker: string): FeedOutput {
    if (step.kind === "applied") {
      if (step.changed !== 0) {
        const pair = this.pairs.get(ticker);
        const book = this.store.books.get(ticker);
        if (pair !== undefined && book !== undefined) this.writeTop(book, pair, step.changed);
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
      const pair = this.pairs.get(book.ticker);
      if (pair === undefined) continue;
      if (changed !== 0) this.writeTop(book, pair, changed);
      this.sink({ kind: "book.stale", venue: "kalshi", market: book.ticker, pair, cause });
    }
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
      this.sink({ kind: "arb.detected", venue: "kalshi", pair, type: o.type, edgeUnits: o.edgeUnits, edgeBps: o.edgeBps, sizeHundredths: o.sizeHundredths, tsMs });
    }
  }
}
