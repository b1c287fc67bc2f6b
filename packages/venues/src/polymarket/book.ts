import { type Ladder, bestPrice, bestSize, clearLadder, createLadder, flatBestFirst, setLevel } from "../net/ladder.js";

/**
 * One token's order book: a bid and an ask ladder (the shared `net/ladder.ts`: integer levels, each side sorted with
 * its best level LAST). Pure data plus functions; updates on the steady path write into preallocated typed arrays.
 */

/** Levels each side starts with room for (a ladder doubles when it needs more). */
const INITIAL_CAPACITY = 32;

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
  return {
    tokenId,
    bids: createLadder(false, INITIAL_CAPACITY),
    asks: createLadder(true, INITIAL_CAPACITY),
    seeded: false,
    snapshotTsMs: 0,
    lastTsMs: 0,
    hash: "",
    tickUnits: 0,
  };
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
  return book.seeded ? flatBestFirst(book.asks, false) : [];
}

/** Packs the best ask (price, size) so a caller can tell "top changed" with one comparison and no allocation. */
export function askTopKey(book: TokenBook): number {
  // size < 2^37 hundredths keeps price × 2^37 + size below 2^53
  return bestPrice(book.asks) * 137_438_953_472 + Math.min(bestSize(book.asks), 137_438_953_471);
}
