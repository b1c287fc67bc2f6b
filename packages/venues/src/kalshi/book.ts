import { NO_ASK } from "@arb/core-wasm";
import { ONE_DOLLAR_UNITS } from "@arb/domain";
import { type Ladder, addToLevel, clearLadder, createLadder, flatBestFirst, levelsOf } from "../net/ladder.js";
import type { StaleCause } from "../ports.js";

/**
 * Kalshi books, pure: bids only (YES bids and NO bids, venues.md §1.3), integer levels in ascending price order so
 * the best bid is the last level, like the wire (the shared `net/ladder.ts`). Asks are derived: YES ask = 10 000 − best
 * NO bid (with that bid's size), NO ask = 10 000 − best YES bid. A steady-state delta allocates nothing. Sequence
 * numbers are checked per sid; any gap, duplicate or reordering yields a resync command, and so does a delta that
 * takes away size the book does not hold (the book is out of step with the venue's).
 */

export const SIDE_YES = 0;
export const SIDE_NO = 1;
export type BookSideIndex = typeof SIDE_YES | typeof SIDE_NO;

/** Bits of a top-change mask. */
export const TOP_YES_ASK = 1;
export const TOP_NO_ASK = 2;

export interface MarketBook {
  readonly ticker: string;
  /** YES bids and NO bids: ascending ladders, best bid last. */
  readonly bids: readonly [Ladder, Ladder];
  /** The sid whose snapshot this book was built from; 0 = no snapshot yet (or stale). */
  sid: number;
  yesAskUnits: number;
  yesAskHundredths: number;
  noAskUnits: number;
  noAskHundredths: number;
}

/**
 * How a subscription prices its NO-side levels (order_direction.md "Orderbook pricing convention"): "no_leg" is the
 * NO bid's own price (the venue's default today), "yes_leg" (subscribed with `use_yes_price: true`) is $1 − that.
 * Fixed when the subscription is made.
 */
export type NoSidePricing = "no_leg" | "yes_leg";

export interface BookStore {
  readonly books: Map<string, MarketBook>;
  /** Last applied seq per live sid. */
  readonly lastSeq: Map<number, number>;
  /** Sids given up after a resync; their late frames are ignored, not treated as new gaps. */
  readonly retiredSids: Set<number>;
  /** NO-side pricing per sid, as the subscription was made; a sid not listed is read in the venue's default. */
  readonly pricing: Map<number, NoSidePricing>;
}

export type ResyncReason = Extract<StaleCause, "seq_gap" | "duplicate_seq" | "out_of_order_seq" | "missing_snapshot" | "missing_level">;

export type BookStep =
  | { readonly kind: "applied"; readonly changed: number }
  | { readonly kind: "ignored" }
  | { readonly kind: "resync"; readonly sid: number; readonly reason: ResyncReason; readonly expectedSeq: number; readonly gotSeq: number };

const APPLIED: readonly BookStep[] = [0, 1, 2, 3].map((changed) => Object.freeze({ kind: "applied", changed }) as BookStep);
const IGNORED: BookStep = Object.freeze({ kind: "ignored" });

export function createBookStore(): BookStore {
  return { books: new Map(), lastSeq: new Map(), retiredSids: new Set(), pricing: new Map() };
}

function createMarketBook(ticker: string): MarketBook {
  return { ticker, bids: [createLadder(false), createLadder(false)], sid: 0, yesAskUnits: NO_ASK, yesAskHundredths: 0, noAskUnits: NO_ASK, noAskHundredths: 0 };
}

/** Recomputes the derived asks; returns which of them changed (TOP_* bits). */
function refreshTop(b: MarketBook): number {
  const yes = b.bids[SIDE_YES];
  const no = b.bids[SIDE_NO];
  let yesAsk = NO_ASK;
  let yesSize = 0;
  let noAsk = NO_ASK;
  let noSize = 0;
  if (b.sid !== 0 && no.count > 0) {
    yesAsk = ONE_DOLLAR_UNITS - (no.prices[no.count - 1] as number);
    yesSize = no.sizes[no.count - 1] as number;
  }
  if (b.sid !== 0 && yes.count > 0) {
    noAsk = ONE_DOLLAR_UNITS - (yes.prices[yes.count - 1] as number);
    noSize = yes.sizes[yes.count - 1] as number;
  }
  let changed = 0;
  if (yesAsk !== b.yesAskUnits || yesSize !== b.yesAskHundredths) changed |= TOP_YES_ASK;
  if (noAsk !== b.noAskUnits || noSize !== b.noAskHundredths) changed |= TOP_NO_ASK;
  b.yesAskUnits = yesAsk;
  b.yesAskHundredths = yesSize;
  b.noAskUnits = noAsk;
  b.noAskHundredths = noSize;
  return changed;
}

function checkSeq(store: BookStore, sid: number, seq: number, isSnapshot: boolean): BookStep | undefined {
  const last = store.lastSeq.get(sid);
  if (last === undefined) {
    // A new sid starts with snapshots; a delta first means we missed them.
    if (!isSnapshot) return { kind: "resync", sid, reason: "missing_snapshot", expectedSeq: 1, gotSeq: seq };
    return undefined;
  }
  if (seq === last + 1) return undefined;
  const reason: ResyncReason = seq > last + 1 ? "seq_gap" : seq === last ? "duplicate_seq" : "out_of_order_seq";
  return { kind: "resync", sid, reason, expectedSeq: last + 1, gotSeq: seq };
}

/** Records how a new subscription prices its NO side (the socket shell knows: it made the subscription). */
export function bindSidPricing(store: BookStore, sid: number, pricing: NoSidePricing): void {
  store.pricing.set(sid, pricing);
}

export function pricingOf(store: BookStore, sid: number): NoSidePricing {
  return store.pricing.get(sid) ?? "no_leg";
}

/** Starts tracking a market (its book stays empty and stale until a snapshot arrives). */
export function trackMarket(store: BookStore, ticker: string): MarketBook {
  let b = store.books.get(ticker);
  if (b === undefined) {
    b = createMarketBook(ticker);
    store.books.set(ticker, b);
  }
  return b;
}

export function untrackMarket(store: BookStore, ticker: string): void {
  store.books.delete(ticker);
}

/**
 * Applies an orderbook_snapshot: `yes` / `no` are flat [price, size, price, size, …] in any order.
 * Snapshots count in the sid's seq like deltas.
 */
export function applySnapshot(store: BookStore, sid: number, seq: number, ticker: string, yes: readonly number[], no: readonly number[]): BookStep {
  if (store.retiredSids.has(sid)) return IGNORED;
  const bad = checkSeq(store, sid, seq, true);
  if (bad !== undefined) return bad;
  store.lastSeq.set(sid, seq);
  const b = store.books.get(ticker);
  if (b === undefined) return IGNORED;
  const sides = [yes, no] as const;
  for (let s = 0; s < 2; s++) {
    const l = b.bids[s] as Ladder;
    clearLadder(l);
    const flat = sides[s] as readonly number[];
    for (let i = 0; i + 1 < flat.length; i += 2) addToLevel(l, flat[i] as number, flat[i + 1] as number);
  }
  b.sid = sid;
  return APPLIED[refreshTop(b)] as BookStep;
}

/** Applies one orderbook_delta (`delta` signed, in hundredths). */
export function applyDelta(
  store: BookStore,
  sid: number,
  seq: number,
  ticker: string,
  side: BookSideIndex,
  priceUnits: number,
  deltaHundredths: number,
): BookStep {
  if (store.retiredSids.has(sid)) return IGNORED;
  const bad = checkSeq(store, sid, seq, false);
  if (bad !== undefined) return bad;
  store.lastSeq.set(sid, seq);
  const b = store.books.get(ticker);
  if (b === undefined) return IGNORED;
  if (b.sid !== sid) return { kind: "resync", sid, reason: "missing_snapshot", expectedSeq: seq, gotSeq: seq };
  if (!addToLevel(b.bids[side], priceUnits, deltaHundredths)) return { kind: "resync", sid, reason: "missing_level", expectedSeq: seq, gotSeq: seq };
  return APPLIED[refreshTop(b)] as BookStep;
}

/**
 * Gives up a sid after a resync command: its seq history is dropped, its later frames are ignored and the books
 * built from it go stale (no asks) until a new subscription's snapshot arrives. Returns those books with the
 * change mask of each (what the caller must clear in the detection core).
 */
export function retireSid(store: BookStore, sid: number): Array<{ book: MarketBook; changed: number }> {
  store.lastSeq.delete(sid);
  store.pricing.delete(sid);
  store.retiredSids.add(sid);
  const out: Array<{ book: MarketBook; changed: number }> = [];
  for (const b of store.books.values()) {
    if (b.sid !== sid) continue;
    b.sid = 0;
    clearLadder(b.bids[SIDE_YES]);
    clearLadder(b.bids[SIDE_NO]);
    out.push({ book: b, changed: refreshTop(b) });
  }
  return out;
}

/** Forgets every sid (a new connection numbers them afresh) and makes every book stale. */
export function resetStore(store: BookStore): Array<{ book: MarketBook; changed: number }> {
  const out: Array<{ book: MarketBook; changed: number }> = [];
  for (const b of store.books.values()) {
    b.sid = 0;
    clearLadder(b.bids[SIDE_YES]);
    clearLadder(b.bids[SIDE_NO]);
    out.push({ book: b, changed: refreshTop(b) });
  }
  store.lastSeq.clear();
  store.retiredSids.clear();
  store.pricing.clear();
  return out;
}

/**
 * The asks of one outcome, best first, flat [priceUnits, sizeHundredths, …]: YES asks are $1 − NO bids, NO asks
 * $1 − YES bids (venues.md §1.3). Empty while the book has no snapshot.
 */
export function askDepth(b: MarketBook, outcome: "yes" | "no"): number[] {
  return b.sid === 0 ? [] : flatBestFirst(b.bids[outcome === "yes" ? SIDE_NO : SIDE_YES], true);
}

/** Levels of one side in the wire's order (ascending, best last), as [priceUnits, sizeHundredths] pairs (for tests and diagnostics). */
export function ladderLevels(l: Ladder): Array<[number, number]> {
  return levelsOf(l).reverse();
}
