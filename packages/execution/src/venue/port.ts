import type { VenueId } from "@arb/domain";
import type { ExecClient, FillReport, OrderState, VenueResult } from "@arb/venues";

/**
 * What the engine needs from a venue beyond `ExecClient`: finding an order by our client order id (an answer lost
 * to a timeout or a crash) and the fills of one order (fills the user channel did not deliver). Built from each
 * client's public API; `ports.ts` could absorb these two methods later.
 */
export interface ExecVenue {
  readonly venue: VenueId;
  readonly exec: ExecClient;
  findOrder(market: string, clientOrderId: string): Promise<VenueResult<OrderState | undefined>>;
  fillsOf(venueOrderId: string): Promise<VenueResult<FillReport[]>>;
  /** The exact fee of a fill whose report carries none (Polymarket), when the venue's fee terms are known. */
  feeOf?(fill: FillReport): number | undefined;
  /** Loads what trading these markets needs (tick, tokens, fees, order version) before the first opportunity. */
  prepare?(markets: readonly string[]): Promise<VenueResult<void>>;
}

/** Full-depth asks of a venue's books, for sizing and for the paper venue. */
export interface DepthSource {
  /** Asks of `outcome`: flat [priceUnits, sizeHundredths, …], best (lowest) first; empty when unknown. */
  asks(market: string, outcome: "yes" | "no"): number[];
}
