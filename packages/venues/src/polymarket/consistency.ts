import { ONE_DOLLAR_UNITS } from "@arb/domain";
import { NO_BID, bestPrice } from "../net/ladder.js";
import type { TokenBook } from "./book.js";

/**
 * Polymarket matches both tokens of a market in one YES-space book: a NO bid at q is a YES ask at $1 − q, a NO ask
 * at s a YES bid at $1 − s (MINT crosses two buys summing ≥ $1, MERGE two sells summing ≤ $1), and each token's book
 * already shows the other's orders mirrored (venues.md §2). So a book the venue holds never shows
 * - a token's best bid at or above its best ask,
 * - a token's best ask below $1 − the other token's best bid (that bid's mirror would be missing: yesAsk + noBid
 *   < $1, or noAsk + yesBid < $1),
 * - best bids summing to $1 or more (a MINT would have matched them),
 * - best asks summing to $1 or less (a MERGE would have matched them; the rule that still holds with no bids).
 * A view that does is half-applied or stale, and trading on it finds arbs that do not exist — in particular any
 * view with YES ask + NO ask < $1 is refused. Pure; prices in units, NO_BID / NO_ASK (0xffff, which no rule
 * can trip) for an empty side.
 */
export function checkPolymarketBook(yesBidUnits: number, yesAskUnits: number, noBidUnits: number, noAskUnits: number): boolean {
  if (yesBidUnits >= yesAskUnits || noBidUnits >= noAskUnits) return false;
  if (noBidUnits !== NO_BID && yesAskUnits + noBidUnits < ONE_DOLLAR_UNITS) return false;
  if (yesBidUnits !== NO_BID && noAskUnits + yesBidUnits < ONE_DOLLAR_UNITS) return false;
  return yesBidUnits + noBidUnits < ONE_DOLLAR_UNITS && yesAskUnits + noAskUnits > ONE_DOLLAR_UNITS;
}

/** `checkPolymarketBook` on the best prices two token books keep (no allocation: the feed runs it per frame). */
export function checkTokenBooks(yes: TokenBook, no: TokenBook): boolean {
  return checkPolymarketBook(bestPrice(yes.bids), bestPrice(yes.asks), bestPrice(no.bids), bestPrice(no.asks));
}
