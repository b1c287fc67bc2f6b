import { NO_ASK } from "@arb/core-wasm";

/**
 * One token's order book: integer levels (price 1/10 000 $, size 1/100 share), each side sorted with its best
 * level LAST so the common update — at or near the top — shifts few entries. Pure data plus functions; updates on
 * the steady path write into preallocated typed arrays (they grow, by doubling, only when a side gets more levels
 * than ever before).
 */

/** A side holds at most one level per price unit strictly inside (0, 1). */
const MAX_LEVELS = 9_999;
const INITIAL_CAPACITY = 32;

export interface Ladder {
  /** Asks descend (best = lowest = last); bids ascend (best = highest = last). */
  readonly descending: boolean;
  px: Uint16Array;
  /** Sizes can exceed u32 hundredths on deep books; a Float64 holds any safe integer exactly. */
  sz: Float64Array;
  n: number;
}

function createLadder(descending: boolean): Ladder {
  return { descending, px: new Uint16Array(INITIAL_CAPACITY), sz: new Float64Array(INITIAL_CAPACITY), n: 0 };
}

export interface TokenBook {
  readonly tokenId: string;
  readonly bids: Ladder;
  readonly asks: Ladder;
  /** False until a snapshot arrives, and again after the feed is lost: changes are ignored meanwhile. */
  seeded: boolean;
  /** Timestamp (ms) of the snapshot the book is built on; older changes are ignored. */
  snapshotTsMs: number;
  /** Latest timestamp applied (snapshot or change); an older snapshot (a slow REST re-seed) is ignored. */
  lastTsMs: number;
  /** Hash of the last snapshot or change applied (the venue's; kept for logs and resync decisions). */
  hash: string;
  /** Current tick in price units (from the snapshot's tick_size or tick_size_change); 0 = unknown. */
  tickUnits: number;
}

export function createTokenBook(tokenId: string): TokenBook {
  return { tokenId, bids: createLadder(false), asks: createLadder(true), seeded: false, snapshotTsMs: 0, lastTsMs: 0, hash: "", tickUnits: 0 };
}

/** Index of `price` in the ladder, or −(insertion point) − 1 when absent. */
function find(l: Ladder, price: number): number {
  let lo = 0;
  let hi = l.n - 1;
  const px = l.px;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = px[mid] as number;
    if (p === price) return mid;
    if (l.descending ? p > price : p < price) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

function grow(l: Ladder): void {
  const cap = Math.min(MAX_LEVELS, l.px.length * 2);
  const px = new Uint16Array(cap);
  const sz = new Float64Array(cap);
  px.set(l.px);
  sz.set(l.sz);
  l.px = px;
  l.sz = sz;
}

/** Sets the absolute size at a price (0 removes the level). */
export function setLevel(l: Ladder, price: number, size: number): void {
  const i = find(l, price);
  if (i >= 0) {
    if (size > 0) {
      l.sz[i] = size;
      return;
    }
    l.px.copyWithin(i, i + 1, l.n);
    l.sz.copyWithin(i, i + 1, l.n);
    l.n--;
    return;
  }
  if (size <= 0) return;
  const at = -i - 1;
  if (l.n === l.px.length) grow(l);
  l.px.copyWithin(at + 1, at, l.n);
  l.sz.copyWithin(at + 1, at, l.n);
  l.px[at] = price;
  l.sz[at] = size;
  l.n++;
}

export function clearLadder(l: Ladder): void {
  l.n = 0;
}

/** Best price in units, NO_ASK when the side is empty. */
export function bestPrice(l: Ladder): number {
  return l.n === 0 ? NO_ASK : (l.px[l.n - 1] as number);
}

/** An empty bid side's best price (an empty ask side's is NO_ASK): below every real bid, so it never crosses. */
export const NO_BID = 0;

/** Best bid in units, NO_BID when the side is empty. */
export function bestBidPrice(l: Ladder): number {
  return l.n === 0 ? NO_BID : (l.px[l.n - 1] as number);
}

/** Size at the best price in hundredths, 0 when empty. */
export function bestSize(l: Ladder): number {
  return l.n === 0 ? 0 : (l.sz[l.n - 1] as number);
}

/** Levels best-first, as [priceUnits, sizeHundredths] pairs (allocates: for tests and diagnostics). */
export function levelsOf(l: Ladder): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = l.n - 1; i >= 0; i--) out.push([l.px[i] as number, l.sz[i] as number]);
  return out;
}

export interface LevelInput {
  readonly price: number;
  readonly size: number;
}

export type SnapshotStep = "applied" | "older";

/** Replaces the book with a snapshot (levels in any order) unless it is older than the one already held. */
export function applySnapshot(
  book: TokenBook,
  bids: readonly LevelInput[],
  asks: readonly LevelInput[],
  tsMs: number,
  hash: string,
  tickUnits: number | undefined,
): SnapshotStep {
  if (book.seeded && tsMs < book.lastTsMs) return "older";
  clearLadder(book.bids);
  clearLadder(book.asks);
  for (const l of bids) setLevel(book.bids, l.price, l.size);
  for (const l of asks) setLevel(book.asks, l.price, l.size);
  book.seeded = true;
  book.snapshotTsMs = tsMs;
  book.lastTsMs = tsMs;
  book.hash = hash;
  if (tickUnits !== undefined) book.tickUnits = tickUnits;
  return "applied";
}

export type ChangeStep = "applied" | "unseeded" | "older";

/** One `price_change` entry: absolute size at a level; side 0 = bids (BUY), 1 = asks (SELL). */
export function applyChange(book: TokenBook, side: number, price: number, size: number, tsMs: number, hash: string): ChangeStep {
  if (!book.seeded) return "unseeded";
  if (tsMs < book.snapshotTsMs) return "older";
  setLevel(side === 0 ? book.bids : book.asks, price, size);
  if (tsMs > book.lastTsMs) book.lastTsMs = tsMs;
  book.hash = hash;
  return "applied";
}

/** The feed is gone: the book cannot be trusted until the next snapshot. */
export function unseed(book: TokenBook): void {
  clearLadder(book.bids);
  clearLadder(book.asks);
  book.seeded = false;
  book.lastTsMs = 0;
}

/** The book's asks, best first, flat [priceUnits, sizeHundredths, …]; empty until a snapshot seeds it. */
export function askDepth(book: TokenBook): number[] {
  const out: number[] = [];
  if (!book.seeded) return out;
  const l = book.asks;
  for (let i = l.n - 1; i >= 0; i--) out.push(l.px[i] as number, l.sz[i] as number);
  return out;
}

/** Packs the best ask (price, size) so a caller can tell "top changed" with one comparison and no allocation. */
export function askTopKey(book: TokenBook): number {
  // size < 2^37 hundredths keeps price × 2^37 + size below 2^53
  return bestPrice(book.asks) * 137_438_953_472 + Math.min(bestSize(book.asks), 137_438_953_471);
}
