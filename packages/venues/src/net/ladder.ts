import { NO_ASK } from "@arb/core-wasm";
import { ONE_DOLLAR_UNITS } from "@arb/domain";

/**
 * One side of a book as a price ladder, for both venues (Kalshi's two bid sides, Polymarket's bids and asks): integer
 * levels (price 1/10 000 $, size 1/100 contract) sorted with the best level LAST, so the common update — at or near the
 * top — shifts few entries and the best level is one index away. Pure data plus functions; the levels live in typed
 * arrays that only grow (by doubling), so a steady-state update allocates nothing.
 */
export interface Ladder {
  /** true: best = lowest price (asks); false: best = highest price (bids). */
  readonly descending: boolean;
  prices: Uint16Array;
  /** Sizes can exceed u32 hundredths on deep books; a Float64 holds any safe integer exactly. */
  sizes: Float64Array;
  count: number;
}

/** Prices are u16: a ladder never needs more slots than there are u16 values, whatever it is fed. */
const MAX_LEVELS = 65_536;

/** An empty bid side's best price (an empty ask side's is NO_ASK): below every real bid, so it never crosses. */
export const NO_BID = 0;

export function createLadder(descending: boolean, capacity = 16): Ladder {
  return { descending, prices: new Uint16Array(capacity), sizes: new Float64Array(capacity), count: 0 };
}

/** Index of `price` in the ladder, or the bitwise complement of its insertion point. */
function findLevel(l: Ladder, price: number): number {
  const prices = l.prices;
  let hi = l.count - 1;
  // Most updates touch the top of the book: check the best level before searching.
  if (hi >= 0 && prices[hi] === price) return hi;
  let lo = 0;
  // Two loops rather than one comparison that tests the direction on every step.
  if (l.descending) {
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = prices[mid] as number;
      if (p > price) lo = mid + 1;
      else if (p < price) hi = mid - 1;
      else return mid;
    }
  } else {
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = prices[mid] as number;
      if (p < price) lo = mid + 1;
      else if (p > price) hi = mid - 1;
      else return mid;
    }
  }
  return ~lo;
}

function grow(l: Ladder): void {
  const cap = Math.min(MAX_LEVELS, l.prices.length * 2);
  const prices = new Uint16Array(cap);
  const sizes = new Float64Array(cap);
  prices.set(l.prices);
  sizes.set(l.sizes);
  l.prices = prices;
  l.sizes = sizes;
}

function removeAt(l: Ladder, at: number): void {
  l.prices.copyWithin(at, at + 1, l.count);
  l.sizes.copyWithin(at, at + 1, l.count);
  l.count--;
}

function insertAt(l: Ladder, at: number, price: number, size: number): void {
  if (l.count === l.prices.length) grow(l);
  l.prices.copyWithin(at + 1, at, l.count);
  l.sizes.copyWithin(at + 1, at, l.count);
  l.prices[at] = price;
  l.sizes[at] = size;
  l.count++;
}

/** Sets the absolute size at a price (0 removes the level). Polymarket's `price_change`. */
export function setLevel(l: Ladder, price: number, size: number): void {
  const at = findLevel(l, price);
  if (at >= 0) {
    if (size > 0) l.sizes[at] = size;
    else removeAt(l, at);
    return;
  }
  if (size > 0) insertAt(l, ~at, price, size);
}

/**
 * Adds `delta` at `price`, removing the level when the result is 0. Kalshi's `orderbook_delta` (venues.md §1.3).
 * Returns false, changing nothing, when the delta takes away more than the level holds or hits a level that is not
 * there: the venue only removes what it has, so the book has missed something.
 */
export function addToLevel(l: Ladder, price: number, delta: number): boolean {
  const at = findLevel(l, price);
  if (at >= 0) {
    const size = (l.sizes[at] as number) + delta;
    if (size > 0) {
      l.sizes[at] = size;
      return true;
    }
    if (size < 0) return false;
    removeAt(l, at);
    return true;
  }
  if (delta <= 0) return delta === 0;
  insertAt(l, ~at, price, delta);
  return true;
}

export function clearLadder(l: Ladder): void {
  l.count = 0;
}

/** Best price in units; NO_ASK for an empty ask side, NO_BID for an empty bid side (neither can cross). */
export function bestPrice(l: Ladder): number {
  return l.count === 0 ? (l.descending ? NO_ASK : NO_BID) : (l.prices[l.count - 1] as number);
}

/** Size at the best price in hundredths, 0 when empty. */
export function bestSize(l: Ladder): number {
  return l.count === 0 ? 0 : (l.sizes[l.count - 1] as number);
}

/**
 * The levels best first, flat [priceUnits, sizeHundredths, …]: the one allocation of a depth read. `mirrored`: each
 * price read as $1 − price (a Kalshi bid read as the other outcome's ask).
 */
export function flatBestFirst(l: Ladder, mirrored: boolean): number[] {
  const out: number[] = [];
  const prices = l.prices;
  const sizes = l.sizes;
  if (mirrored) for (let i = l.count - 1; i >= 0; i--) out.push(ONE_DOLLAR_UNITS - (prices[i] as number), sizes[i] as number);
  else for (let i = l.count - 1; i >= 0; i--) out.push(prices[i] as number, sizes[i] as number);
  return out;
}

/** Levels best first, as [priceUnits, sizeHundredths] pairs (allocates: for tests and diagnostics). */
export function levelsOf(l: Ladder): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = l.count - 1; i >= 0; i--) out.push([l.prices[i] as number, l.sizes[i] as number]);
  return out;
}
