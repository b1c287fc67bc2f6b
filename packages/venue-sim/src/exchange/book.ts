/**
 * One limit book per instrument, in Kalshi's single-book vocabulary: every order is priced from the YES side.
 * A "bid" buys YES at priceUnits; an "ask" sells YES at priceUnits, which is the same as a NO bid at
 * 10 000 − priceUnits. So a YES bid at p and a NO bid at q cross when p + q ≥ $1.
 * Prices are integer units (1/10 000 $), sizes integer hundredths of a contract.
 */
export type BookSide = "bid" | "ask";
export type TimeInForce = "good_till_canceled" | "immediate_or_cancel" | "fill_or_kill";
/** The venue's two modes, plus "skip" for the house (simulated makers): the house may hold a crossed book
 *  against itself, which is what a same-market arb window looks like, so its own orders are passed over
 *  instead of traded or canceled. "skip" is never accepted on the wire. */
export type SelfTradePrevention = "taker_at_cross" | "maker" | "skip";

export interface RestingOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly side: BookSide;
  readonly priceUnits: number;
  readonly remainingHundredths: number;
  /** Arrival number: the time half of price-time priority. */
  readonly seq: number;
}

/** bids best first (price descending), asks best first (price ascending); ties by seq ascending. */
export interface Book {
  readonly bids: readonly RestingOrder[];
  readonly asks: readonly RestingOrder[];
  readonly nextSeq: number;
}

export const EMPTY_BOOK: Book = { bids: [], asks: [], nextSeq: 1 };

export interface Level {
  readonly priceUnits: number;
  readonly sizeHundredths: number;
}

/** Resting quantity wanted at each price of both sides of a book: price units → size hundredths. */
export interface SideLevels {
  readonly bids: ReadonlyMap<number, number>;
  readonly asks: ReadonlyMap<number, number>;
}

/**
 * What turns one account's resting orders on both sides into the wanted `levels` (price → size): the orders to cancel
 * (every one at a price whose size changes), then the levels to post anew. A market maker's requote on either venue,
 * both sides in one step, so no one sees the bids of the new quote against the asks of the old one.
 */
export function levelChanges(book: Book, accountId: string, levels: SideLevels): { cancel: string[]; post: (Level & { readonly side: BookSide })[] } {
  const cancel: string[] = [];
  const post: (Level & { readonly side: BookSide })[] = [];
  for (const side of ["bid", "ask"] as const) {
    const wanted = side === "bid" ? levels.bids : levels.asks;
    const mine = (side === "bid" ? book.bids : book.asks).filter((o) => o.accountId === accountId);
    const current = new Map(levelsOf(mine).map((l) => [l.priceUnits, l.sizeHundredths]));
    for (const [price, size] of current) {
      if (wanted.get(price) === size) continue;
      for (const o of mine) if (o.priceUnits === price) cancel.push(o.orderId);
    }
    for (const [price, size] of wanted) if (size > 0 && current.get(price) !== size) post.push({ side, priceUnits: price, sizeHundredths: size });
  }
  return { cancel, post };
}

/** Aggregated levels of one side, best first. */
export function levelsOf(orders: readonly RestingOrder[]): Level[] {
  const out: Level[] = [];
  for (const o of orders) {
    const last = out[out.length - 1];
    if (last !== undefined && last.priceUnits === o.priceUnits) {
      out[out.length - 1] = { priceUnits: last.priceUnits, sizeHundredths: last.sizeHundredths + o.remainingHundredths };
    } else {
      out.push({ priceUnits: o.priceUnits, sizeHundredths: o.remainingHundredths });
    }
  }
  return out;
}

/** True when `a` has priority over `b` on the same side. */
function ranksBefore(a: RestingOrder, b: RestingOrder): boolean {
  if (a.priceUnits !== b.priceUnits) return a.side === "bid" ? a.priceUnits > b.priceUnits : a.priceUnits < b.priceUnits;
  return a.seq < b.seq;
}

/** Inserts keeping priority order; returns a new array. */
export function insertResting(orders: readonly RestingOrder[], order: RestingOrder): RestingOrder[] {
  const out = orders.slice();
  let i = out.length;
  while (i > 0) {
    const prev = out[i - 1];
    if (prev === undefined || ranksBefore(prev, order)) break;
    i -= 1;
  }
  out.splice(i, 0, order);
  return out;
}

/** Does a taker on `side` at `limitUnits` cross a resting price? */
export function crosses(side: BookSide, limitUnits: number, restingUnits: number): boolean {
  return side === "bid" ? restingUnits <= limitUnits : restingUnits >= limitUnits;
}
