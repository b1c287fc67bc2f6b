import { type DetectionEngine, NO_ASK, decodeRecord } from "@arb/core-wasm";
import { LEG_POLY_NO, LEG_POLY_YES } from "@arb/domain";
import type { Logger } from "pino";
import { FrameCounters, NOT_JSON } from "../frame-counters.js";
import type { BookConsistency, StaleCause, VenueEvent, VenueEventSink } from "../ports.js";
import { bestPrice, bestSize } from "../net/ladder.js";
import { type TokenBook, applyChange, applySnapshot, askTopKey, createTokenBook, unseed } from "./book.js";
import { checkTokenBooks } from "./consistency.js";
import { parsePolymarketMarketKey, polymarketMarketKey } from "./markets.js";
import { PONG, PriceChangeScratch, decodeMarketEvent, readPriceChange } from "./parse.js";
import type { PolyBookSummary } from "./wire.js";

export interface PolymarketFeedOptions {
  readonly engine: DetectionEngine;
  readonly sink: VenueEventSink;
  readonly logger: Logger;
  readonly now: () => number;
  readonly maxFrameBytes: number;
  /** Told when the venue moves a token's tick, so order amounts follow it. */
  readonly onTickSize?: (tokenId: string, tickUnits: number) => void;
  /** "refuse" (default): a pair whose books are crossed (checkPolymarketBook) feeds empty legs to the core until mended. */
  readonly bookConsistency?: BookConsistency;
  /**
   * A snapshot or change stamped more than this far ahead of `now` is dropped (counted `future_timestamp`): adopted,
   * it would make every later frame of its token look older and freeze the book. Absent: no check (replays, benches).
   */
  readonly maxAheadMs?: number;
}

/** One token's book and every pair it is a leg of: two pairs share it when they share a market with opposite polarity. */
interface TokenEntry {
  readonly book: TokenBook;
  /** Fixed at track time, so a frame walks an array and allocates nothing. */
  pairs: PairEntry[];
  touched: boolean;
}

interface PairEntry {
  /** The binding's market key (a condition id, or its inverted key). */
  readonly market: string;
  readonly pair: number;
  readonly yes: TokenEntry;
  readonly no: TokenEntry;
  /** askTopKey of each leg at its last write into the core. */
  yesTop: number;
  noTop: number;
  /** Both books seeded and written into the core. */
  live: boolean;
  /** Lost its feed after having been live (a later seed is a restore). */
  stale: boolean;
  /** Live, but its books are crossed: its legs in the core are empty until a frame mends them. */
  refused: boolean;
  dirty: boolean;
}

type ArbDetected = Extract<VenueEvent, { kind: "arb.detected" }>;
const U32_MAX = 0xffff_ffff;
const NEVER = -1;

/** The same market under the other orientation's key. */
function flipped(marketKey: string): string {
  const k = parsePolymarketMarketKey(marketKey);
  return polymarketMarketKey(k.conditionId, !k.inverted);
}

/**
 * Frame text in, detection core and events out: the market-channel pipeline behind the socket, with no socket of
 * its own (tests and the benchmark drive it directly). A `price_change` goes through the hand-written reader into
 * reused scratch arrays, then into the books; only a change of a best ask touches the core. A token feeds every
 * pair bound to it (its top goes into each, each pair is checked once per frame).
 */
export class PolymarketFeed {
  private readonly tokens = new Map<string, TokenEntry>();
  private readonly pairs = new Map<string, PairEntry>();
  private readonly frames: FrameCounters;
  private readonly scratch = new PriceChangeScratch();
  private touched: TokenEntry[] = [];
  private touchedN = 0;
  private dirty: PairEntry[] = [];
  private dirtyN = 0;
  private readonly found: ArbDetected[] = [];
  private readonly engine: DetectionEngine;
  private readonly sink: VenueEventSink;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly maxFrameBytes: number;
  private readonly onTickSize: ((tokenId: string, tickUnits: number) => void) | undefined;
  private readonly refuses: boolean;
  private readonly maxAheadMs: number;

  constructor(options: PolymarketFeedOptions) {
    this.engine = options.engine;
    this.sink = options.sink;
    this.logger = options.logger;
    this.now = options.now;
    this.maxFrameBytes = options.maxFrameBytes;
    this.onTickSize = options.onTickSize;
    this.refuses = (options.bookConsistency ?? "refuse") === "refuse";
    this.maxAheadMs = options.maxAheadMs ?? Number.POSITIVE_INFINITY;
    this.frames = new FrameCounters("polymarket", "event", options.logger, options.sink, options.now);
  }

  /**
   * Binds two tokens to a core pair under a market key: YES → LEG_POLY_YES, NO → LEG_POLY_NO. A token already bound
   * to another pair (the same market, opposite polarity) shares its book, and the new pair goes live at once when both
   * books are seeded. Returns the token ids that were not tracked before (for the subscription).
   */
  track(market: string, pair: number, yesTokenId: string, noTokenId: string): string[] {
    if (this.pairs.has(market)) this.untrack(market);
    const fresh: string[] = [];
    const yes = this.tokenEntry(yesTokenId, fresh);
    const no = this.tokenEntry(noTokenId, fresh);
    const p: PairEntry = { market, pair, yes, no, yesTop: NEVER, noTop: NEVER, live: false, stale: false, refused: false, dirty: false };
    yes.pairs = [...yes.pairs, p];
    no.pairs = [...no.pairs, p];
    this.pairs.set(market, p);
    if (yes.book.seeded && no.book.seeded) {
      this.touch(yes);
      this.flush();
    }
    return fresh;
  }

  private tokenEntry(tokenId: string, fresh: string[]): TokenEntry {
    let t = this.tokens.get(tokenId);
    if (t === undefined) {
      t = { book: createTokenBook(tokenId), pairs: [], touched: false };
      this.tokens.set(tokenId, t);
      fresh.push(tokenId);
    }
    return t;
  }

  /** Forgets a binding and clears its legs in the core. Returns the token ids no pair uses any more (for the unsubscribe). */
  untrack(market: string): string[] {
    const p = this.pairs.get(market);
    if (p === undefined) return [];
    if (p.live) this.clearCore(p);
    this.pairs.delete(market);
    const gone: string[] = [];
    for (const t of [p.yes, p.no]) {
      t.pairs = t.pairs.filter((x) => x !== p);
      if (t.pairs.length > 0) continue;
      this.tokens.delete(t.book.tokenId);
      gone.push(t.book.tokenId);
    }
    return gone;
  }

  tokenIds(): string[] {
    return [...this.tokens.keys()];
  }

  book(tokenId: string): TokenBook | undefined {
    return this.tokens.get(tokenId)?.book;
  }

  /**
   * False while the market's two books are crossed and so kept out of the detection core (always true with
   * `bookConsistency: "off"`). By market key, in either orientation: the rule does not depend on which token is YES.
   */
  consistent(marketKey: string): boolean {
    const p = this.pairs.get(marketKey) ?? this.pairs.get(flipped(marketKey));
    return p?.refused !== true;
  }

  counters(): Readonly<Record<string, number>> {
    return this.frames.snapshot();
  }

  /** One text frame from the market socket. */
  handle(raw: string): void {
    if (raw === PONG) return;
    const value = this.frames.readJson(raw, this.maxFrameBytes);
    if (value === NOT_JSON) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.handleEvent(value[i], raw);
    } else {
      this.handleEvent(value, raw);
    }
    this.flush();
  }

  private handleEvent(value: unknown, raw: string): void {
    const type = typeof value === "object" && value !== null ? (value as { event_type?: unknown }).event_type : undefined;
    if (type === "best_bid_ask" || type === "last_trade_price") {
      // Summaries the books do not use, riding in the same frames as the changes: counted, not parsed, so they add
      // nothing to the frame's way to detection (a schema check costs tens of µs each), and a malformed one changes nothing.
      this.frames.count(`seen:${type}`);
      return;
    }
    if (type === "price_change") {
      const bad = readPriceChange(value, this.scratch);
      if (bad !== undefined) {
        this.frames.drop(bad, raw);
        return;
      }
      if (this.ahead(this.scratch.timestampMs)) {
        this.frames.drop("future_timestamp", raw);
        return;
      }
      this.applyScratch();
      return;
    }
    const d = decodeMarketEvent(value);
    if (!d.ok) {
      this.frames.drop(d.reason, raw);
      return;
    }
    const e = d.event;
    switch (e.event_type) {
      case "book":
        this.applyBook(e, raw);
        return;
      case "tick_size_change": {
        const t = this.tokens.get(e.asset_id);
        if (t === undefined) return;
        t.book.tickUnits = e.new_tick_size;
        this.onTickSize?.(e.asset_id, e.new_tick_size);
        return;
      }
      case "market_resolved": {
        let known = false;
        for (const id of e.assets_ids) {
          const t = this.tokens.get(id);
          if (t === undefined) continue;
          known = true;
          unseed(t.book);
          for (const p of t.pairs) {
            if (p.live) this.clearCore(p);
            p.live = false;
            p.refused = false;
          }
        }
        if (!known) return;
        this.logger.info({ venue: "polymarket", market: e.market, winner: e.winning_outcome }, "polymarket market resolved");
        this.frames.count("market_resolved");
        return;
      }
      case "price_change":
        // Unreachable while readPriceChange and the schema agree (property-tested); counted if they ever do not.
        this.frames.drop("fast_path_mismatch", raw);
        return;
      default:
        this.frames.count(`seen:${e.event_type}`);
        return;
    }
  }

  private applyScratch(): void {
    const s = this.scratch;
    for (let i = 0; i < s.count; i++) {
      const t = this.tokens.get(s.assetIds[i] as string);
      if (t === undefined) {
        this.frames.count("ignored:untracked_asset");
        continue;
      }
      const step = applyChange(t.book, s.side[i] as number, s.priceUnits[i] as number, s.sizeHundredths[i] as number, s.timestampMs, s.hashes[i] as string);
      if (step !== "applied") {
        this.frames.count(`ignored:${step}_change`);
        continue;
      }
      this.touch(t);
    }
  }

  private ahead(tsMs: number): boolean {
    return tsMs - this.now() > this.maxAheadMs;
  }

  private touch(t: TokenEntry): void {
    if (t.touched) return;
    t.touched = true;
    this.touched[this.touchedN++] = t;
  }

  /** A snapshot from the socket or from the REST re-seed (same fields). */
  applyBook(b: PolyBookSummary, raw?: string): void {
    const t = this.tokens.get(b.asset_id);
    if (t === undefined) {
      this.frames.count("ignored:untracked_asset");
      return;
    }
    if (this.ahead(b.timestamp)) {
      this.frames.drop("future_timestamp", raw ?? JSON.stringify({ asset_id: b.asset_id, timestamp: b.timestamp, source: "rest" }));
      return;
    }
    if (applySnapshot(t.book, b.bids, b.asks, b.timestamp, b.hash, b.tick_size) === "older") {
      this.frames.count("ignored:older_snapshot");
      return;
    }
    // A snapshot is news even at an unchanged top: every pair of the token reports it (the book's age restarts).
    const pairs = t.pairs;
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i] as PairEntry;
      if (p.yes === t) p.yesTop = NEVER;
      if (p.no === t) p.noTop = NEVER;
    }
    this.touch(t);
  }

  /** Applies REST snapshots (after a reconnect) and pushes the result into the core. */
  seed(books: readonly PolyBookSummary[]): void {
    for (const b of books) this.applyBook(b);
    this.flush();
  }

  /** Writes changed tops into the core for every pair of every touched token, then checks each dirty pair once. */
  private flush(): void {
    for (let i = 0; i < this.touchedN; i++) {
      const t = this.touched[i] as TokenEntry;
      t.touched = false;
      const pairs = t.pairs;
      for (let j = 0; j < pairs.length; j++) {
        const p = pairs[j] as PairEntry;
        if (!p.live) {
          if (!p.yes.book.seeded || !p.no.book.seeded) continue;
          p.live = true;
          p.yesTop = NEVER;
          p.noTop = NEVER;
        }
        this.markDirty(p);
      }
    }
    this.touchedN = 0;
    for (let i = 0; i < this.dirtyN; i++) {
      const p = this.dirty[i] as PairEntry;
      p.dirty = false;
      this.writePair(p);
    }
    this.dirtyN = 0;
    this.reportFound();
  }

  private markDirty(p: PairEntry): void {
    if (p.dirty) return;
    p.dirty = true;
    this.dirty[this.dirtyN++] = p;
  }

  private writeLeg(book: TokenBook, pair: number, leg: number): void {
    this.engine.setAsk(pair, leg, bestPrice(book.asks), Math.min(bestSize(book.asks), U32_MAX));
  }

  /**
   * A dirty pair into the core — unless its books are crossed: then its legs go empty, once, with one `book.stale`
   * and one counted moment, and stay so while frames leave them crossed (any level can cross them, so every dirty
   * pair is checked). The frame that mends them (or the seed that ends a stale spell) reports `book.restored` and
   * writes both real asks back.
   */
  private writePair(p: PairEntry): void {
    if (this.refuses && !checkTokenBooks(p.yes.book, p.no.book)) {
      if (p.refused) return;
      p.refused = true;
      this.frames.count("inconsistent_book");
      this.clearCore(p);
      this.sink({ kind: "book.stale", venue: "polymarket", market: p.market, pair: p.pair, cause: "inconsistent_book" });
      return;
    }
    if (p.stale || p.refused) {
      p.stale = false;
      p.refused = false;
      this.sink({ kind: "book.restored", venue: "polymarket", market: p.market, pair: p.pair });
    }
    const yesTop = askTopKey(p.yes.book);
    const noTop = askTopKey(p.no.book);
    if (yesTop === p.yesTop && noTop === p.noTop) return;
    if (yesTop !== p.yesTop) this.writeLeg(p.yes.book, p.pair, LEG_POLY_YES);
    if (noTop !== p.noTop) this.writeLeg(p.no.book, p.pair, LEG_POLY_NO);
    p.yesTop = yesTop;
    p.noTop = noTop;
    const tsMs = this.now();
    const code = this.engine.checkPair(p.pair, tsMs);
    const yes = p.yes.book.asks;
    const no = p.no.book.asks;
    this.sink({
      kind: "book.top-changed",
      venue: "polymarket",
      market: p.market,
      pair: p.pair,
      yesAskUnits: bestPrice(yes),
      yesAskHundredths: bestSize(yes),
      noAskUnits: bestPrice(no),
      noAskHundredths: bestSize(no),
      tsMs,
    });
    if (code !== 0) {
      const o = decodeRecord(this.engine.result, 0);
      this.found.push({
        kind: "arb.detected",
        venue: "polymarket",
        pair: p.pair,
        type: o.type,
        edgeUnits: o.edgeUnits,
        edgeBps: o.edgeBps,
        sizeHundredths: o.sizeHundredths,
        tsMs,
      });
    }
  }

  /**
   * A frame's opportunities, most profitable first (edge × size at the top): one window often shows on two pairs at
   * once (a market and its twin under the inverted key see the same token), and whichever is decided first claims the
   * book. Reported once the whole frame is applied.
   */
  private reportFound(): void {
    const found = this.found;
    if (found.length === 0) return;
    if (found.length > 1) found.sort((a, b) => b.edgeUnits * b.sizeHundredths - a.edgeUnits * a.sizeHundredths);
    for (let i = 0; i < found.length; i++) this.sink(found[i] as ArbDetected);
    found.length = 0;
  }

  private clearCore(p: PairEntry): void {
    this.engine.setAsk(p.pair, LEG_POLY_YES, NO_ASK, 0);
    this.engine.setAsk(p.pair, LEG_POLY_NO, NO_ASK, 0);
    this.engine.checkPair(p.pair, this.now());
    p.yesTop = NEVER;
    p.noTop = NEVER;
  }

  /** The feed is lost: every book is unseeded, its legs cleared in the core, and reported stale. */
  reset(cause: StaleCause): void {
    for (const t of this.tokens.values()) unseed(t.book);
    for (const p of this.pairs.values()) {
      if (!p.live) continue;
      p.live = false;
      p.stale = true;
      p.refused = false;
      this.clearCore(p);
      this.sink({ kind: "book.stale", venue: "polymarket", market: p.market, pair: p.pair, cause });
    }
  }
}
