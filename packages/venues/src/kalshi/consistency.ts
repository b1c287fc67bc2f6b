import { ONE_DOLLAR_UNITS } from "@arb/domain";

/**
 * Kalshi matches every market in one YES book: a NO bid at q is a YES ask at $1 − q (venues.md §1.3). So a book the
 * venue holds never has a YES bid at or above its YES ask, i.e. best YES bid + best NO bid ≥ $1 — those two orders
 * would have matched. A view that shows it is half-applied or stale, and trading on it finds arbs that do not exist.
 * Pure; prices in units, 0 for an empty side.
 */
export function checkKalshiBook(bestYesBidUnits: number, bestNoBidUnits: number): boolean {
  return bestYesBidUnits + bestNoBidUnits < ONE_DOLLAR_UNITS;
}
