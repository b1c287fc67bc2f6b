import type { FeeSchedule } from "@arb/domain";
import type { BookSide, SideLevels } from "./book.js";

/** What one exchange operation returned, and the events it caused in order (one engine step's raw material). */
export interface VenueStep<T, E> {
  readonly result: T;
  readonly events: readonly E[];
}

/** An order placement's outcome as the venue-neutral code reads it: accepted (with its id) or not. */
export type Placed = { readonly ok: true; readonly order: { readonly orderId: string } } | { readonly ok: false };

/** A venue's markets as the makers and the injected windows read them, whatever the venue. */
export interface VenueMarkets {
  /** A market's status ("active" trades) and tick; undefined when the market is unknown. */
  market(marketId: string): { readonly status: string; readonly tickUnits: number } | undefined;
  /** The fee schedule a market's takers pay now; undefined when the market is unknown. */
  takerFees(marketId: string): FeeSchedule | undefined;
}

/**
 * What the simulated makers and the late-fill fault need of a venue's exchange, implemented by both (`kalshi.ts`,
 * `polymarket.ts`). Each keeps one YES-space book per market (Polymarket mirrors its second token into it), so the
 * house's re-quote, base levels and late fill are written once over this, whatever the venue.
 * `E` is the venue's event type, `Req` its order request, `R` its submit result.
 */
export interface HouseExchange<E, Req, R extends Placed> extends VenueMarkets {
  /** Replaces one account's resting quantity per (side, price) level of a market with `levels`, both sides in one step. */
  replaceLevels(accountId: string, marketId: string, levels: SideLevels, nowMs: number): VenueStep<void, E>;
  /** The market and the YES-space side and price at which an order would rest. */
  restingAt(req: Req): { readonly marketId: string; readonly side: BookSide; readonly priceUnits: number };
  /** Places an order to rest (good-till-canceled, whatever it asked for); it still trades whatever it crosses. */
  submitResting(req: Req, nowMs: number): VenueStep<R, E>;
  /** `accountId` takes what still works of order `orderId` at its price, immediate-or-cancel; undefined (no step at
   *  all) once the order has stopped working. */
  fillRest(orderId: string, accountId: string, nowMs: number): VenueStep<R, E> | undefined;
}
