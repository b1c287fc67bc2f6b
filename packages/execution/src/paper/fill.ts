import { ONE_DOLLAR_UNITS } from "@arb/domain";
import type { OrderIntent } from "@arb/venues";

/**
 * Pure paper matching: how much of an order the live asks fill. A buy of X at limit p takes asks of X at ≤ p; a sale
 * of X at limit p is a buy of the opposite at ≤ $1 − p. `partialDraw` in [0, 1) (or undefined: no partial) cuts the
 * fill to a fraction of what the book offers, on the lot grid; FOK fills all or nothing.
 */
export interface PaperFill {
  /** Price of the outcome the fill makes us long. */
  readonly longPriceUnits: number;
  readonly sizeHundredths: number;
}

export function planPaperFills(asksOfLong: readonly number[], intent: OrderIntent, lotHundredths: number, partialDraw: number | undefined): PaperFill[] {
  const limit = intent.action === "buy" ? intent.priceUnits : ONE_DOLLAR_UNITS - intent.priceUnits;
  let available = 0;
  for (let i = 0; i + 1 < asksOfLong.length && (asksOfLong[i] as number) <= limit; i += 2) available += asksOfLong[i + 1] as number;
  let want = Math.min(available, intent.sizeHundredths);
  if (partialDraw !== undefined) want = Math.floor(want * partialDraw);
  want -= want % lotHundredths;
  if (intent.timeInForce === "fill_or_kill" && want < intent.sizeHundredths) return [];
  const out: PaperFill[] = [];
  for (let i = 0; i + 1 < asksOfLong.length && want > 0; i += 2) {
    const p = asksOfLong[i] as number;
    if (p > limit) break;
    const take = Math.min(want, asksOfLong[i + 1] as number);
    if (take > 0) out.push({ longPriceUnits: p, sizeHundredths: take });
    want -= take;
  }
  return out;
}
