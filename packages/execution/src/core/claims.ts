import type { VenueId } from "@arb/domain";
import { parsePolymarketMarketKey } from "@arb/venues";
import { opposite } from "./legs.js";
import { TERMINAL } from "./order-fsm.js";
import { VENUE_MECHANICS } from "./venue-rules.js";
import type { OrderRec } from "./state.js";

/**
 * Claims on venue books: every order the bot sends claims the book side it takes liquidity from. An entry waits
 * while another order works on a side it needs, and every decision sizes against the book minus what the bot's own
 * orders have taken or will take. The in-flight lock of the detection core is per pair, but pairs share books (both
 * team markets of a game trade one Polymarket market, one under its inverted key), so only a claim on the book
 * itself stops two arbs from buying the same 15 contracts twice.
 *
 * A book side is named in the venue's own orientation: `venue:market:outcome taken`, where buying YES takes the YES
 * asks and selling YES takes the YES bids, i.e. the NO asks of the same book. A pair trading a Polymarket market
 * under its inverted key names the market's other token, so both pairs claim the same side.
 */
export function bookOf(venue: VenueId, marketKey: string, outcome: "yes" | "no", action: "buy" | "sell"): string {
  const taken = action === "buy" ? outcome : opposite(outcome);
  if (!VENUE_MECHANICS[venue].invertedKeys) return `${venue}:${marketKey}:${taken}`;
  const { conditionId, inverted } = parsePolymarketMarketKey(marketKey);
  return `polymarket:${conditionId}:${inverted ? opposite(taken) : taken}`;
}

/** The orders that claim each book side; an order leaves once it is terminal and its hold has passed. */
export type BookClaims = Map<string, OrderRec[]>;

export function claimBook(claims: BookClaims, o: OrderRec): void {
  const book = bookOf(o.venue, o.market, o.outcome, o.action);
  const list = claims.get(book);
  if (list === undefined) claims.set(book, [o]);
  else list.push(o);
}

/**
 * What the bot's own orders take from one book side, in hundredths. `live`: the whole size of orders still working
 * (each may fill in full whatever the book shows meanwhile); an entry waits for these, a hedge is sized against
 * what they leave. `held`: what finished orders filled, for `holdMs` after they finished, because the venue's frame
 * that removes that liquidity may arrive after the order's answer. Counting a fill the frame already removed only
 * undersizes the next decision: the error is always on the safe side.
 */
export interface BookClaim {
  readonly live: number;
  readonly held: number;
}

const FREE: BookClaim = { live: 0, held: 0 };

export function claimOn(claims: BookClaims, book: string, nowMs: number, holdMs: number): BookClaim {
  const list = claims.get(book);
  if (list === undefined) return FREE;
  let live = 0;
  let held = 0;
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    const o = list[i] as OrderRec;
    if (!TERMINAL.has(o.status)) live += o.sizeHundredths;
    else if (nowMs < o.updatedMs + holdMs) held += Math.max(o.filledHundredths, o.venueFilledHundredths);
    else continue;
    list[kept++] = o;
  }
  if (kept === 0) claims.delete(book);
  else list.length = kept;
  return kept === 0 ? FREE : { live, held };
}

/** Asks (flat [price, size, …], best first) less `claimed` hundredths taken from the best levels. */
export function withoutClaimed(asks: readonly number[], claimed: number): readonly number[] {
  if (claimed <= 0) return asks;
  const out: number[] = [];
  let left = claimed;
  for (let i = 0; i + 1 < asks.length; i += 2) {
    const size = asks[i + 1] as number;
    if (left >= size) {
      left -= size;
      continue;
    }
    out.push(asks[i] as number, size - left);
    left = 0;
  }
  return out;
}
